// Builds ticket histories for engine tests the way GitHub reports them: labels now, plus a timeline.
import type { TimelineEvent } from '../../src/tickets/types.ts';
import type { TicketHistory } from '../../src/sla/ticket-history.ts';

type Step =
  | ['label' | 'unlabel', string, string]
  | ['reply' | 'note' | 'customer' | 'bot', string]
  | ['close' | 'reopen', string]
  | ['assign', string, string];

/** `steps` are applied in order from a ticket created at `createdAt` with `labels`. */
export function ticketHistory(
  createdAt: string,
  labels: string[],
  steps: Step[] = [],
  number = 1,
): TicketHistory {
  const current = new Set(labels);
  let state: 'open' | 'closed' = 'open';
  const assignees = new Set<string>();
  const timeline: TimelineEvent[] = [];
  let commentId = 100;
  for (const step of steps) {
    const [kind, at] = [step[0], step[1]];
    switch (step[0]) {
      case 'label':
        current.add(step[2]);
        timeline.push({ kind: 'labeled', at, label: step[2], actor: 'agent-a' });
        break;
      case 'unlabel':
        current.delete(step[2]);
        timeline.push({ kind: 'unlabeled', at, label: step[2], actor: 'agent-a' });
        break;
      case 'assign':
        assignees.add(step[2]);
        timeline.push({ kind: 'assigned', at, assignee: step[2], actor: 'agent-a' });
        break;
      case 'close':
        state = 'closed';
        timeline.push({ kind: 'closed', at, actor: 'agent-a' });
        break;
      case 'reopen':
        state = 'open';
        timeline.push({ kind: 'reopened', at, actor: 'agent-a' });
        break;
      default: {
        const author = kind === 'customer' ? 'customer' : kind === 'bot' ? 'bot' : 'agent';
        timeline.push({
          kind: 'commented',
          at,
          actor: author === 'agent' ? 'agent-a' : 'repodesk-bot',
          commentId: commentId++,
          public: kind !== 'note',
          author,
        });
      }
    }
  }
  return { number, createdAt, state, labels: [...current], assignees: [...assignees], timeline };
}
