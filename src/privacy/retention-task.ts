// Scheduled task: once a day, forgets the requester of every ticket closed longer than
// `privacy.retentionDays` (rules/desk.yaml) ago, the way `repodesk privacy erase --ticket` does. Nothing
// else is deleted: the issue stays, redacted. Each remembered ticket costs one GitHub read a day, until
// it is forgotten. Tickets of every repository of the desk (confidential queues) are read in their own.

import type { BotContext } from '../context.ts';
import type { ScheduledTask } from '../worker/schedule.ts';
import { eraseRequester } from './erase-requester.ts';
import { rememberedTickets } from './requester-records.ts';

const dayMs = 24 * 60 * 60 * 1000;

export function privacyRetentionTask(bot: BotContext): ScheduledTask {
  return {
    name: 'privacy-retention',
    everyMs: dayMs,
    async run(now) {
      const retentionDays = bot.rules.current.desk.privacy.retentionDays;
      const closedBefore = now - retentionDays * dayMs;
      let forgotten = 0;
      for (const ticket of await rememberedTickets(bot.store)) {
        const tracker =
          ticket.repository === undefined ? bot.tracker : bot.tracker.forRepository(ticket.repository);
        const issue = await tracker.getIssue(ticket.issueNumber);
        if (issue.state !== 'closed' || issue.closedAt === undefined) continue;
        if (Date.parse(issue.closedAt) > closedBefore) continue;
        await eraseRequester(
          { store: bot.store, tracker: bot.tracker, dataDir: bot.config.dataDir },
          ticket.requester,
          { ticket: ticket.issueNumber, repository: tracker.repository },
        );
        forgotten += 1;
      }
      if (forgotten > 0)
        bot.log.info('requesters of old closed tickets forgotten', { count: forgotten, retentionDays });
    },
  };
}
