// The title and body of an alert's issue, written again as the alert fires and resolves. Everything the
// monitoring system sent is neutralised (no mention, reference or HTML of theirs acts); the ticket and
// facts markers start the body, as for every ticket, so the sweep reads the channel `alert`.

import { ticketMarker } from '../../intake/render-issue-body.ts';
import { neutralise, neutraliseLine } from '../../intake/neutralise.ts';
import { messagesFor } from '../../messages/index.ts';
import type { Rules } from '../../rules/types.ts';
import { ticketFactsMarker } from '../../tickets/markers.ts';
import type { AlertTicketState } from './alert-ticket-state.ts';

/** The hidden key of an alert's ticket marker: the alert and this ticket's reference. */
export function alertTicketKey(state: Pick<AlertTicketState, 'key' | 'ref'>): string {
  return `${state.key}:${state.ref}`;
}

/** A time as agents read it in the body: `2026-11-23 09:00` (UTC). */
export function utcMinute(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** A link target that cannot end the Markdown link early. */
const safeUrl = (url: string) =>
  url.slice(0, 2000).replace(/[()<>\s"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const code = (text: string, max: number) => `\`${neutraliseLine(text, max).replace(/`/g, 'ʼ')}\``;

/** Title and body of the issue of `state`'s alert. */
export function renderAlertIssue(
  state: AlertTicketState,
  rules: Rules,
  language: string,
): { title: string; body: string } {
  const { alert } = state;
  const w = messagesFor(language).alertTicket;
  const colon = messagesFor(language).issueBody.colon;
  const severity = alert.severity ?? w.noSeverity;
  const title = neutraliseLine(
    alert.severity === undefined ? alert.summary : `[${alert.severity}] ${alert.summary}`,
    200,
    'title',
  );
  const labels = Object.entries(alert.labels)
    .slice(0, 50)
    .map(([name, value]) => code(`${name}=${value}`, 200));
  const links = alert.links
    .slice(0, 20)
    .map((link) => `[${neutraliseLine(link.title, 100)}](${safeUrl(link.url)})`);
  const lines = [
    ticketMarker(state.ref, alertTicketKey(state)) + ticketFactsMarker({ channel: 'alert', language }),
    `**${w.source}${colon}** ${neutraliseLine(alert.source, 100)} · **${w.severity}${colon}** ${neutraliseLine(severity, 50)}  `,
    `**${w.fingerprint}${colon}** ${code(alert.fingerprint, 200)} · **${messagesFor(language).issueBody.reference}${colon}** ${state.ref}  `,
    w.occurrences(state.firings, utcMinute(state.firstFiringAt), utcMinute(state.lastFiringAt)),
    ...(state.flapped
      ? ['', w.flapping(rules.desk.alerts.flappingFirings, rules.desk.alerts.flappingMinutes)]
      : []),
    '',
    `### ${neutraliseLine(alert.summary, 1000)}`,
    '',
    ...(alert.description.trim() === '' ? [] : [neutralise(alert.description.trim()).slice(0, 20_000), '']),
    ...(labels.length > 0 ? [`**${w.labels}${colon}** ${labels.join(' ')}`, ''] : []),
    ...(links.length > 0 ? [`**${w.links}${colon}** ${links.join(' · ')}`, ''] : []),
  ];
  return { title, body: lines.join('\n') };
}
