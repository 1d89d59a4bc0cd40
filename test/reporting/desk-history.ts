// Writes a ticket history into the GitHub stand-in at chosen instants, as the bot, an agent and GitHub
// would have left it: issues opened by the bot with intake's markers, agents' `/reply` and status labels,
// customer messages mirrored by the bot, merges (closed as duplicate). The reporting tests read it back
// through the real `repodesk report`.

import type { Standin } from '../../src/standin/start-standin.ts';
import { customerMessageMarker } from '../../src/tickets/comment-kind.ts';

export interface HistoryStep {
  /** ISO-8601 instant on the stand-in's clock. */
  at: string;
  as?: 'bot' | 'camille' | 'hugo';
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

export const tokens = { bot: 'bot-token', camille: 'camille-token', hugo: 'hugo-token' } as const;

/** Creates the tickets in order; resolves to their issue numbers. */
export async function writeHistory(
  standin: Standin,
  setClock: (iso: string) => void,
  scripts: readonly TicketScript[],
  repository = 'acme/support',
): Promise<number[]> {
  const call = async (as: keyof typeof tokens, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${standin.url}/repos/${repository}${path}`, {
      method,
      headers: { authorization: `token ${tokens[as]}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { number: number; labels: { name: string }[] };
  };
  const numbers: number[] = [];
  for (const script of scripts) {
    setClock(script.at);
    const facts = script.facts ?? '';
    const created = await call('bot', 'POST', '/issues', {
      title: script.title,
      body: facts
        ? `<!-- repodesk:ticket ref=RD-AAAA-${String(numbers.length).padStart(4, '0')} key=0123456789abcdef --><!-- repodesk:facts ${facts} -->\nBonjour`
        : 'Bonjour',
      labels: script.labels,
    });
    numbers.push(created.number);
    for (const step of script.steps) {
      setClock(step.at);
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
  }
  return numbers;
}
