// Writes a ticket history into the GitHub stand-in at chosen instants, as the bot, an agent and GitHub
// would have left it: issues opened by the bot with intake's markers, agents' `/reply` and status labels,
// customer messages mirrored by the bot, merges (closed as duplicate). The reporting tests read it back
// through the real `repodesk report`.

import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';

export interface HistoryStep {
  /** ISO-8601 instant on the stand-in's clock. */
  at: string;
  /** `bot`, or the login of an agent (its stand-in token is `<login>-token`). */
  as?: string;
  reply?: string;
  customer?: string;
  note?: string;
  /** Status label to set (replacing the status label the ticket has). */
  status?: 'new' | 'open' | 'pending' | 'on-hold' | 'resolved';
  close?: 'completed' | 'duplicate';
  reopen?: boolean;
  assign?: string;
}

export interface TicketScript {
  title: string;
  at: string;
  labels: string[];
  /** The facts marker intake writes (channel, form…); omitted: an issue as GitHub users open them. */
  facts?: string;
  steps: HistoryStep[];
}

/** The stand-in token of `bot` (repodesk-bot) or of an agent's login. */
const tokenOf = (as: string) => (as === 'bot' ? 'bot-token' : `${as}-token`);

/**
 * Creates the tickets; resolves to their issue numbers, in the order of `scripts`. With `setClock`, one
 * ticket at a time on the stand-in's clock; without it, `concurrency` tickets at once, each request
 * carrying its instant (`x-standin-now`: a stand-in started with `allowClockOverride`).
 */
export async function writeHistory(
  standin: { url: string },
  setClock: ((iso: string) => void) | undefined,
  scripts: readonly TicketScript[],
  options: { repository?: string; concurrency?: number } = {},
): Promise<number[]> {
  const repository = options.repository ?? 'acme/support';
  const numbers: number[] = [];
  const one = async (script: TicketScript, index: number) => {
    let now = script.at;
    const setNow = (iso: string) => {
      now = iso;
      setClock?.(iso);
    };
    const call = async (as: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${standin.url}/repos/${repository}${path}`, {
        method,
        headers: {
          authorization: `token ${tokenOf(as)}`,
          'content-type': 'application/json',
          ...(setClock ? {} : { 'x-standin-now': now }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { number: number; labels: { name: string }[] };
    };
    setNow(script.at);
    const facts = script.facts ?? '';
    const created = await call('bot', 'POST', '/issues', {
      title: script.title,
      body: facts
        ? `<!-- repodesk:ticket ref=RD-AAAA-${String(index).padStart(4, '0')} key=0123456789abcdef --><!-- repodesk:facts ${facts} -->\nBonjour`
        : 'Bonjour',
      labels: script.labels,
    });
    numbers[index] = created.number;
    for (const step of script.steps) {
      setNow(step.at);
      const as = step.as ?? 'camille';
      const path = `/issues/${created.number}`;
      if (step.reply !== undefined)
        await call(as, 'POST', `${path}/comments`, { body: `/reply ${step.reply}` });
      if (step.note !== undefined) await call(as, 'POST', `${path}/comments`, { body: step.note });
      if (step.customer !== undefined)
        await call('bot', 'POST', `${path}/comments`, { body: `${customerMessageMarker}\n${step.customer}` });
      if (step.assign !== undefined)
        await call(as, 'POST', `${path}/assignees`, { assignees: [step.assign] });
      if (step.status !== undefined) {
        const issue = await call(as, 'GET', path);
        const labels = issue.labels.map((label) => label.name).filter((name) => !name.startsWith('status: '));
        await call(as, 'PATCH', path, { labels: [...labels, `status: ${step.status}`] });
      }
      if (step.close !== undefined)
        await call(as, 'PATCH', path, { state: 'closed', state_reason: step.close });
      if (step.reopen) await call(as, 'PATCH', path, { state: 'open' });
    }
  };
  const concurrency = setClock ? 1 : (options.concurrency ?? 8);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < scripts.length) {
        const index = next++;
        await one(scripts[index]!, index);
      }
    }),
  );
  return numbers;
}
