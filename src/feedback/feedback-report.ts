// What the help site's readers told the team over a period: the searches that found nothing (grouped
// whatever the case, accents or punctuation), the articles by share of "yes" votes with their comments,
// the articles that kept a request from being sent, and how conversations with the assistant ended (on an
// article that solved the problem, or on a request form). Pure: entries and the period in, a report out.

import { foldText } from '../conditions/fold-text.ts';
import type { FeedbackEntry } from './feedback-entry.ts';

export interface EmptySearchLine {
  /** The most frequent spelling of the search, as stored (lower case, personal data masked). */
  query: string;
  count: number;
  /** Languages of the pages it was typed on. */
  langs: string[];
  /** Other spellings grouped with it ("Imprimante !" and "imprimante"). */
  variants: string[];
  lastAt: string;
}

export interface ArticleComment {
  at: string;
  helpful: boolean;
  comment: string;
}

export interface ArticleLine {
  article: string;
  lang: string;
  helpful: number;
  notHelpful: number;
  /** Share of "yes" votes, 0 to 1; null without any vote (only comments). */
  helpfulRatio: number | null;
  /** Newest first. */
  comments: ArticleComment[];
}

export interface DeflectionLine {
  article: string;
  lang: string;
  count: number;
  /** Requests not sent, per form. */
  forms: Record<string, number>;
}

/** How conversations with the help site's assistant ended. */
export interface AssistantOutcomes {
  /** On an article the customer said solved the problem. */
  deflected: number;
  /** On a request form the assistant opened. */
  escalated: number;
  /** The articles that solved it, most often first. */
  articles: { article: string; lang: string; count: number }[];
  /** The forms opened, most often first. */
  forms: { form: string; count: number }[];
}

export interface FeedbackReport {
  from: string;
  to: string;
  /** Signals of the period, per kind. */
  totals: Record<string, number>;
  emptySearches: EmptySearchLine[];
  /** Least helpful first (lowest share of "yes"), then by number of votes. */
  articles: ArticleLine[];
  /** Most deflections first. */
  deflections: DeflectionLine[];
  assistant: AssistantOutcomes;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Builds the report of `entries` received between `from` and `to` (milliseconds, inclusive). */
export function buildFeedbackReport(
  entries: readonly FeedbackEntry[],
  period: { from: number; to: number },
): FeedbackReport {
  const inPeriod = entries.filter((entry) => entry.at >= period.from && entry.at <= period.to);
  const totals: Record<string, number> = {};
  const searches = new Map<
    string,
    { count: number; langs: Set<string>; spellings: Map<string, number>; lastAt: number }
  >();
  const articles = new Map<string, ArticleLine>();
  const deflections = new Map<string, DeflectionLine>();
  const assistantArticles = new Map<string, { article: string; lang: string; count: number }>();
  const assistantForms = new Map<string, number>();
  const articleLine = (entry: FeedbackEntry): ArticleLine => {
    const key = `${entry.lang}/${entry.article ?? ''}`;
    let line = articles.get(key);
    if (!line) {
      line = {
        article: entry.article ?? '',
        lang: entry.lang,
        helpful: 0,
        notHelpful: 0,
        helpfulRatio: null,
        comments: [],
      };
      articles.set(key, line);
    }
    return line;
  };

  for (const entry of inPeriod) {
    totals[entry.kind] = (totals[entry.kind] ?? 0) + 1;
    switch (entry.kind) {
      case 'empty-search': {
        const spelling = entry.query ?? '';
        const key = foldText(spelling).trim() || spelling;
        let group = searches.get(key);
        if (!group) {
          group = { count: 0, langs: new Set(), spellings: new Map(), lastAt: entry.at };
          searches.set(key, group);
        }
        group.count += 1;
        group.langs.add(entry.lang);
        group.spellings.set(spelling, (group.spellings.get(spelling) ?? 0) + 1);
        group.lastAt = Math.max(group.lastAt, entry.at);
        break;
      }
      case 'article-helpful':
        articleLine(entry).helpful += 1;
        break;
      case 'article-not-helpful':
        articleLine(entry).notHelpful += 1;
        break;
      case 'article-comment':
        articleLine(entry).comments.push({
          at: iso(entry.at),
          helpful: entry.helpful === true,
          comment: entry.comment ?? '',
        });
        break;
      case 'deflection': {
        const key = `${entry.lang}/${entry.article ?? ''}`;
        let line = deflections.get(key);
        if (!line) {
          line = { article: entry.article ?? '', lang: entry.lang, count: 0, forms: {} };
          deflections.set(key, line);
        }
        line.count += 1;
        const form = entry.form ?? '?';
        line.forms[form] = (line.forms[form] ?? 0) + 1;
        break;
      }
      case 'assistant': {
        if (entry.outcome === 'deflected') {
          const key = `${entry.lang}/${entry.article ?? ''}`;
          const line = assistantArticles.get(key) ?? {
            article: entry.article ?? '',
            lang: entry.lang,
            count: 0,
          };
          line.count += 1;
          assistantArticles.set(key, line);
        } else {
          const form = entry.form ?? '?';
          assistantForms.set(form, (assistantForms.get(form) ?? 0) + 1);
        }
        break;
      }
    }
  }
  const assistantArticleLines = [...assistantArticles.values()].sort(
    (a, b) => b.count - a.count || `${a.lang}/${a.article}`.localeCompare(`${b.lang}/${b.article}`),
  );
  const assistantFormLines = [...assistantForms.entries()]
    .map(([form, count]) => ({ form, count }))
    .sort((a, b) => b.count - a.count || a.form.localeCompare(b.form));

  const emptySearches = [...searches.values()]
    .map((group) => {
      const spellings = [...group.spellings.entries()].sort(
        (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
      );
      return {
        query: spellings[0]?.[0] ?? '',
        count: group.count,
        langs: [...group.langs].sort(),
        variants: spellings.slice(1).map(([spelling]) => spelling),
        lastAt: iso(group.lastAt),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt) || a.query.localeCompare(b.query));

  const articleLines = [...articles.values()].map((line) => {
    const votes = line.helpful + line.notHelpful;
    line.helpfulRatio = votes === 0 ? null : line.helpful / votes;
    line.comments.sort((a, b) => b.at.localeCompare(a.at));
    return line;
  });
  articleLines.sort((a, b) => {
    // Articles that only have comments come after the voted ones.
    const ratio = (a.helpfulRatio ?? 2) - (b.helpfulRatio ?? 2);
    if (ratio !== 0) return ratio;
    const votes = b.helpful + b.notHelpful - (a.helpful + a.notHelpful);
    return votes !== 0 ? votes : `${a.lang}/${a.article}`.localeCompare(`${b.lang}/${b.article}`);
  });

  return {
    from: iso(period.from),
    to: iso(period.to),
    totals,
    emptySearches,
    articles: articleLines,
    deflections: [...deflections.values()].sort(
      (a, b) => b.count - a.count || `${a.lang}/${a.article}`.localeCompare(`${b.lang}/${b.article}`),
    ),
    assistant: {
      deflected: assistantArticleLines.reduce((sum, line) => sum + line.count, 0),
      escalated: assistantFormLines.reduce((sum, line) => sum + line.count, 0),
      articles: assistantArticleLines,
      forms: assistantFormLines,
    },
  };
}
