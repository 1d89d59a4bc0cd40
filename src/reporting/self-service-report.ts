// What the help site did in a period, from the signals it sent the bot (src/feedback): searches that found
// nothing (grouped), article votes, deflections (a suggested article accepted instead of sending the
// request) and the deflection rate against the requests the site's forms did send, per form; and how the
// assistant's conversations ended (an article that solved the problem, or a request form).
//
// The signals are anonymous by design (no session, no cookie, no address, no reference: see
// src/store/feedback-log.ts), so no single article view can be joined to a single ticket. The link is
// made where both sides carry the same key: the form. A deflection names the form it kept from being
// sent; a ticket's facts marker names the form it came through. Per form: deflected / (deflected + sent).
// The articles that "precede a request anyway" are the ones readers read and said did not help: a "no"
// vote is a reader who read the article and still had the problem, the visible half of a view followed
// by a request. They are ranked by "no" votes, with their "yes" votes and the deflections they earned, so
// an article that fails often but also deflects often is told apart from one that only fails.

import { buildFeedbackReport, type FeedbackReport } from '../feedback/feedback-report.ts';
import type { FeedbackEntry } from '../feedback/feedback-entry.ts';
import { inPeriod } from './in-period.ts';
import type { TicketMeasures } from './measure-ticket.ts';
import type { ReportPeriod } from './report-period.ts';
import { rate, type Rate } from './service-levels.ts';

export interface FormDeflection {
  form: string;
  deflections: number;
  /** Requests created through the form in the period. */
  requests: number;
  /** deflections / (deflections + requests). */
  rate: Rate;
}

export interface ImprovementCandidate {
  article: string;
  lang: string;
  notHelpful: number;
  helpful: number;
  deflections: number;
  comments: number;
}

export interface SelfServiceReport {
  /** False without the bot's data folder (a GitHub Actions run): nothing below is known. */
  recorded: boolean;
  emptySearches: FeedbackReport['emptySearches'];
  emptySearchCount: number;
  votes: { helpful: number; notHelpful: number };
  deflections: number;
  /** Requests created through a site form in the period. */
  formRequests: number;
  /** deflections / (deflections + form requests). */
  deflectionRate: Rate;
  byForm: FormDeflection[];
  /** Articles read and found unhelpful, most "no" votes first. */
  candidates: ImprovementCandidate[];
  /**
   * The assistant's conversations: ended on an article that solved the problem (deflected) or on a request
   * form (escalated); `solved`, deflected / (deflected + escalated).
   */
  assistant: { deflected: number; escalated: number; solved: Rate };
}

/** The self-service report of the period; `feedback` undefined when the bot's store was not read. */
export function selfServiceReport(
  feedback: readonly FeedbackEntry[] | undefined,
  tickets: readonly TicketMeasures[],
  period: ReportPeriod,
): SelfServiceReport {
  const requestsByForm = new Map<string, number>();
  for (const ticket of tickets) {
    const form = ticket.dimensions.form;
    if (!inPeriod(ticket.createdAt, period) || form === '—') continue;
    requestsByForm.set(form, (requestsByForm.get(form) ?? 0) + 1);
  }
  const formRequests = [...requestsByForm.values()].reduce((sum, count) => sum + count, 0);
  const report = buildFeedbackReport(feedback ?? [], period);
  const deflections = report.totals.deflection ?? 0;
  const deflectedByForm = new Map<string, number>();
  for (const line of report.deflections)
    for (const [form, count] of Object.entries(line.forms))
      deflectedByForm.set(form, (deflectedByForm.get(form) ?? 0) + count);
  const forms = [...new Set([...requestsByForm.keys(), ...deflectedByForm.keys()])];
  const byForm = forms
    .map((form) => {
      const deflected = deflectedByForm.get(form) ?? 0;
      const requests = requestsByForm.get(form) ?? 0;
      return { form, deflections: deflected, requests, rate: rate(deflected, deflected + requests) };
    })
    .sort(
      (a, b) => b.requests + b.deflections - (a.requests + a.deflections) || a.form.localeCompare(b.form),
    );
  const deflectionsOf = new Map(
    report.deflections.map((line) => [`${line.lang}/${line.article}`, line.count]),
  );
  const candidates = report.articles
    .filter((article) => article.notHelpful > 0)
    .map((article) => ({
      article: article.article,
      lang: article.lang,
      notHelpful: article.notHelpful,
      helpful: article.helpful,
      deflections: deflectionsOf.get(`${article.lang}/${article.article}`) ?? 0,
      comments: article.comments.length,
    }))
    .sort(
      (a, b) =>
        b.notHelpful - a.notHelpful ||
        a.helpful + a.deflections - (b.helpful + b.deflections) ||
        `${a.lang}/${a.article}`.localeCompare(`${b.lang}/${b.article}`),
    );
  return {
    recorded: feedback !== undefined,
    emptySearches: report.emptySearches,
    emptySearchCount: report.totals['empty-search'] ?? 0,
    votes: {
      helpful: report.totals['article-helpful'] ?? 0,
      notHelpful: report.totals['article-not-helpful'] ?? 0,
    },
    deflections,
    formRequests,
    deflectionRate: rate(deflections, deflections + formRequests),
    byForm,
    candidates,
    assistant: {
      deflected: report.assistant.deflected,
      escalated: report.assistant.escalated,
      solved: rate(report.assistant.deflected, report.assistant.deflected + report.assistant.escalated),
    },
  };
}
