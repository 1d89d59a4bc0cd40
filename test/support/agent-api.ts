// An agent at work on the stand-in: the REST API with an agent's token, and a comment whose effect is awaited,
// for the tests of agents' commands.
import { agentToken, settle, type Harness } from './bot-harness.ts';

/** The stand-in's REST API for `acme/support` as the agent whose token is given (Camille by default). */
export function agentApi(harness: () => Harness) {
  return async <T>(path: string, init: RequestInit = {}, token = agentToken): Promise<T> => {
    const response = await fetch(`${harness().standin.url}/repos/acme/support${path}`, {
      ...init,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    });
    if (!response.ok) throw new Error(`stand-in answered ${response.status} to ${path}`);
    return (await response.json()) as T;
  };
}

/** The agent comments `body` on issue `number`; resolves, once the bot has acted, to the writes it sent. */
export async function botWritesAfterComment(
  harness: Harness,
  number: number,
  body: string,
): Promise<string[]> {
  harness.standin.resetStats();
  await agentApi(() => harness)(`/issues/${number}/comments`, {
    method: 'POST',
    body: JSON.stringify({ body }),
  });
  await settle(harness);
  return harness.standin
    .writeLog()
    .filter((write) => write.login === harness.standin.botLogin)
    .map((write) => write.request);
}
