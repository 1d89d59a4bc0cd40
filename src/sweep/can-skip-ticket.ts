// Decides from the issue alone (labels, creation time) that a ticket cannot need any sweep action yet, so
// its timeline is not read at all. Conservative: any doubt means "read it".

import type { Rules, StatusId } from '../rules/types.ts';
import { businessMsBetween } from '../sla/business-time.ts';
import { parseDuration } from '../sla/parse-duration.ts';
import { policyCalendar } from '../sla/policy-calendar.ts';
import { selectPolicy } from '../sla/select-policy.ts';
import { statusByLabel } from '../sla/ticket-history.ts';
import type { IssueWithBody } from '../tracker/tracker.ts';
import { readSlaStatusSection } from '../tickets/sla-status-section.ts';
import { statusOfLabels } from './plan-ticket.ts';
import type { LabelIndex } from './ticket-facts.ts';
import { ticketFacts } from './ticket-facts.ts';

const needsHistory: ReadonlySet<StatusId> = new Set(['pending', 'resolved', 'closed']);

export function canSkipTicket(
  issue: IssueWithBody,
  rules: Rules,
  labels: LabelIndex,
  nowMs: number,
  /** The logins repodesk writes as (the facts of its own issues choose the policy). */
  repodeskLogins: readonly string[],
): boolean {
  const byLabel = statusByLabel(rules.desk.statuses);
  const statuses = issue.labels.flatMap((label) => byLabel.get(label.toLowerCase()) ?? []);
  // Lifecycle work (or a status fix) needs the history.
  if (statuses.length !== 1 || needsHistory.has(statuses[0]!)) return false;
  const stepLabels = new Set(
    rules.sla.policies.flatMap((policy) => policy.escalation.map((step) => step.label.toLowerCase())),
  );
  // A step label may have to be removed: only the history says whether its clock is met.
  if (issue.labels.some((label) => stepLabels.has(label.toLowerCase()))) return false;
  const { facts } = ticketFacts(issue.labels, rules, labels, issue, repodeskLogins);
  const { policy } = selectPolicy(rules.sla.policies, facts);
  if (!policy) return true;
  const statusLine = rules.sla.statusLine !== false;
  if (statusLine) {
    // The status line is missing, or written for another policy or status (a reply, a pause): rewrite it.
    const line = readSlaStatusSection(issue.body);
    if (line?.policy !== policy.id || line.status !== statusOfLabels(issue.labels, rules)) return false;
  } else if (policy.escalation.length === 0) {
    return true;
  }
  // No clock can have counted more business time than has passed since creation.
  const upperBound = businessMsBetween(
    policyCalendar(rules, policy, facts.team),
    Date.parse(issue.createdAt),
    nowMs,
  );
  // Without escalation steps, the status line still changes when a clock breaches.
  const firstStep = Math.min(100, ...policy.escalation.map((step) => step.at));
  return Object.values(policy.targets).every((target) => {
    const parsed = parseDuration(target);
    return parsed.ok && upperBound * 100 < firstStep * parsed.ms;
  });
}
