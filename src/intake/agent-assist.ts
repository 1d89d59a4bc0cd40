// The section that ends a new ticket's issue for agents ("Pour l'agent" / "For the agent"): the published
// articles that might answer the request (the three the acknowledgement suggests, matched the same way),
// the internal articles that match it (procedures, `visibility: internal`), and the playbook of its type
// and of its category (desk.yaml `playbook:`) as a checklist. Written in the desk's language, in the
// issue's one creating write. Pure: the articles and the site's address are passed in.

import { suggestArticles, type SuggestableArticle } from '../kb/suggest-articles.ts';
import { articleSuggestions, mailWords } from '../mail/article-suggestions.ts';
import { messagesFor } from '../messages/index.ts';
import type { Lang, Localised, Rules } from '../rules/types.ts';
import { neutraliseLine } from './neutralise.ts';

/** Internal articles listed at most (procedures are few; a long list would bury the request). */
const internalCount = 5;

export interface AgentAssistInput {
  rules: Rules;
  articles: readonly SuggestableArticle[];
  /** The public help site, where published articles are linked (none listed without it). */
  siteUrl?: string;
  /** What the customer wrote: subject and description, or the mail's subject and text. */
  text: string;
  /** The request's language: articles in it are matched. */
  language: string;
  /** The ticket's type id (routing's decision) and category id (its form's). */
  type?: string;
  category?: string;
}

/** A localised text in `lang`, else the first one written. */
function inLanguage(text: Localised, lang: Lang): string {
  return text[lang] ?? Object.values(text)[0] ?? '';
}

/** The "For the agent" section, or '' when there is nothing to list. */
export function agentAssistSection(input: AgentAssistInput): string {
  const { rules } = input;
  const lang: Lang = rules.desk.languages[0] ?? 'en';
  const w = messagesFor(lang).issueBody;
  const parts: string[] = [];

  const published = articleSuggestions(input.articles, input.siteUrl, input.text, input.language);
  if (published.length > 0)
    parts.push(
      `**${w.publishedArticles}**\n\n${published.map((article) => `- [${neutraliseLine(article.title, 200)}](${article.url})`).join('\n')}`,
    );
  const internal = suggestArticles(input.articles, {
    text: input.text,
    lang: input.language,
    limit: internalCount,
    maxWords: mailWords,
    visibility: 'internal',
  });
  if (internal.length > 0)
    parts.push(
      `**${w.internalArticles}**\n\n${internal
        .map(
          (article) => `- ${neutraliseLine(article.title, 200)} (\`kb/${article.lang}/${article.slug}.md\`)`,
        )
        .join('\n')}`,
    );

  const type = rules.desk.types.find((candidate) => candidate.id === input.type);
  const category = rules.desk.categories.find((candidate) => candidate.id === input.category);
  for (const owner of [type, category]) {
    if (!owner?.playbook) continue;
    const steps = owner.playbook.map((step) => `- [ ] ${neutraliseLine(inLanguage(step, lang), 500)}`);
    parts.push(`**${w.playbook(neutraliseLine(inLanguage(owner.name, lang), 200))}**\n\n${steps.join('\n')}`);
  }
  return parts.length === 0 ? '' : `### ${w.forAgent}\n\n${parts.join('\n\n')}\n`;
}
