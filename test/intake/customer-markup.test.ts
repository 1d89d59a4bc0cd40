// Issue 19 item 2 and issue 11 item 13: customer text renders as the customer's words and nothing more.
// Hostile answers go through POST /api/requests (and one HTML mail through /api/inbound/email); the issue
// body the stand-in holds is parsed with remark + remark-gfm, a GFM parser as GitHub uses, and the agent
// page of the stand-in is read as agents see it offline.

import type { Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldTexts } from '../../src/forms/field-texts.ts';
import { rawMail } from '../support/email-fixtures.ts';
import {
  agentToken,
  eventually,
  incidentSubmission,
  postRequest,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness.close();
});

const parser = remark().use(remarkGfm);

/** What a reader takes for the same words: joiners and no-break spaces unseen, runs of spaces as one. */
function words(text: string): string {
  return text
    .replace(/\u200d/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child, visit);
}

/** The top-level nodes under each `###` heading the document has. */
function sections(tree: Root): { heading: string; nodes: RootContent[] }[] {
  const found: { heading: string; nodes: RootContent[] }[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading') found.push({ heading: toString(node), nodes: [] });
    else found.at(-1)?.nodes.push(node);
  }
  return found;
}

/**
 * The body above the bot's section for agents (articles, playbook: its own layout, after every customer
 * string). Customer text cannot fake that heading: a `###` of theirs is escaped.
 */
function beforeAgents(body: string): string {
  const start = body.indexOf('\n### Pour l’agent\n');
  expect(start).toBeGreaterThan(0);
  return body.slice(0, start + 1);
}

/** Creates a ticket whose answers are `answers` and returns its issue as agents see it. */
async function ticketWith(answers: Record<string, string>) {
  const base = incidentSubmission(harness.bot.context.clock());
  const response = await postRequest(harness.url, {
    ...base,
    fields: { ...(base.fields as Record<string, unknown>), ...answers },
  });
  expect(response.status).toBe(202);
  const { ref } = (await response.json()) as { ref: string };
  return eventually(async () => (await harness.issues()).find((issue) => issue.body.includes(ref)));
}

const hostile: [string, string][] = [
  [
    'links with javascript: and data: schemes, inline, autolinked, by reference and as images',
    [
      '[Cliquez ici](javascript:alert(document.cookie))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<javascript:alert(1)> et <data:text/html,x>',
      '[réf][r] puis [y](JaVaScRiPt:alert(1)) et [z](java&#115;cript:alert(1))',
      '![image](data:image/svg+xml;base64,PHN2Zz4=)',
      '',
      '[r]: javascript:alert(1)',
    ].join('\n'),
  ],
  [
    'headings, setext underlines and a fake attachments section with a link of their own',
    [
      '# Urgent',
      '## Sous-titre',
      '   #### indenté',
      'Faux titre',
      '===',
      'Autre',
      '---',
      '',
      '### Pièces jointes',
      '',
      '- [facture.pdf](https://evil.example/facture.pdf.exe) · PDF · 12 ko',
    ].join('\n'),
  ],
  ['horizontal rules', ['---', '', '***', '', '___', '', ' - - -', '', '* * *'].join('\n')],
  [
    'bold and italic Label: lines that imitate the bot’s header',
    '**Demandeur :** Direction générale\n__Canal :__ téléphone\n**Référence :** RD-0000-0000\n*Langue :* en',
  ],
  ['tables', '| Colonne | Valeur |\n|---|---|\n| Priorité | urgente |\n\nA | B\n--|--\n1 | 2\n\nabc\n:--'],
  [
    'lists, task lists, quotes, alerts and code blocks',
    '- un\n+ deux\n1. trois\n2) quatre\n- [x] coché\n> citation\n> [!CAUTION]\n> attention\n```\ncode\n```\n~~~\nx\n~~~\n\n    indenté\n\n\tavec une tabulation',
  ],
  [
    'HTML comments opened and closed, bare closers and HTML blocks',
    'début <!-- caché\nsuite --> fin\n-->\n--!>\n<details><summary>x</summary>y</details>\n<!-- repodesk:ticket ref=FAUX key=0000000000000000 -->',
  ],
  [
    'math, footnotes and strikethrough',
    '$$\n\\Huge\\text{URGENT}\n$$\nnote[^1] coûte 5 $ et $x$\n\n[^1]: définition\n\n~~barré~~ ~un~',
  ],
];

/** The bot's own sections of the incident form, in form order. */
function botHeadings(): string[] {
  const form = harness.rules.forms.incident;
  if (!form) throw new Error('the template has no incident form');
  return fieldTexts(form, 'fr').map((field) => field.label);
}

/** The sections holding the hostile answers (the summary, "since when" and the description). */
const answered = ['Résumé du problème', 'Depuis quand ?', 'Description détaillée'];

describe('customer Markdown in a form answer', () => {
  it.each(hostile)('(%s) renders as the customer’s words and nothing more', async (_name, text) => {
    const issue = await ticketWith({
      description: text,
      depuis: text.split('\n')[0] ?? '',
      resume: text.split('\n').at(-1) ?? '',
    });
    const tree = parser.parse(beforeAgents(issue.body));

    // The bot's sections are exactly the ones it wrote: one per form field, in form order.
    const found = sections(tree);
    expect(found.map((section) => section.heading)).toEqual(botHeadings());

    // The only comment closers are the bot's own markers on the first line.
    expect(issue.body.split('\n').slice(1).join('\n')).not.toMatch(/--!?>/);
    // The hidden markers are the first node, and the only HTML; every link goes to a web address.
    tree.children.forEach((node, index) => {
      walk(node, (inner) => {
        if (inner.type === 'link') expect(inner.url).toMatch(/^https?:\/\//);
        if (inner.type === 'html') expect(index).toBe(0);
      });
    });
    // Nothing but paragraphs and text comes from the customer: no heading, list, table, rule, quote, code
    // block, emphasis, footnote or link of their own, except a web address.
    const seen = new Set<string>();
    for (const section of found.filter((candidate) => answered.includes(candidate.heading))) {
      for (const node of section.nodes) walk(node, (inner) => seen.add(inner.type));
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['paragraph', 'text']));
    expect([...seen].filter((type) => !['paragraph', 'text', 'link', 'inlineCode'].includes(type))).toEqual(
      [],
    );
    // The header's bold labels are the only strong text; the only list is the form's checkboxes.
    const strong: string[] = [];
    walk(tree, (node) => {
      if (node.type === 'strong') strong.push(toString(node));
    });
    expect(strong).toEqual(['Demandeur :', 'Canal :', 'Langue :', 'Référence :']);
    const lists = found.filter((section) => section.nodes.some((node) => node.type === 'list'));
    expect(lists.map((section) => section.heading)).toEqual(["Ce que j'ai déjà essayé"]);

    // And the answer reads as the customer typed it, every word of it.
    const description = found.find((section) => section.heading === 'Description détaillée');
    expect(description?.nodes.every((node) => node.type === 'paragraph')).toBe(true);
    expect(words(description!.nodes.map((node) => toString(node)).join('\n'))).toBe(words(text));
  });

  it('keeps web addresses clickable, tracker addresses as code, and mentions inert', async () => {
    const text =
      'Voir https://exemple.fr/aide_(faq)?a=1&b=2. et www.exemple.fr, puis https://github.com/acme/app/issues/3 @camille-durand #12 https://github.com/acme/app/pull/4](x) www.github.com/acme/app/issues/5';
    const issue = await ticketWith({ description: text });
    const description = sections(parser.parse(beforeAgents(issue.body))).find(
      (section) => section.heading === 'Description détaillée',
    );
    const links: string[] = [];
    const code: string[] = [];
    for (const node of description!.nodes) {
      walk(node, (inner) => {
        if (inner.type === 'link') links.push(inner.url);
        if (inner.type === 'inlineCode') code.push(inner.value);
      });
    }
    expect(links).toEqual(['https://exemple.fr/aide_(faq)?a=1&b=2', 'http://www.exemple.fr']);
    expect(code).toEqual([
      'https://github.com/acme/app/issues/3',
      'https://github.com/acme/app/pull/4](x)',
      'www.github.com/acme/app/issues/5',
    ]);
    expect(issue.body).not.toMatch(/(^|[^\w`\u200d])@camille-durand\b/);
    expect(issue.body).not.toMatch(/(^|[^\w`\u200d])#12\b/);
  });

  it('shows the same words on the offline agent page, with no layout of the customer’s', async () => {
    const text = hostile.map(([, sample]) => sample).join('\n\n');
    const issue = await ticketWith({ description: text });
    const response = await fetch(`${harness.standin.url}/acme/support/issues/${issue.number}`, {
      headers: { authorization: `token ${agentToken}` },
    });
    const html = await response.text();
    // The bot's own "no response" is its only emphasis.
    const article = html
      .slice(html.indexOf('<article class="body">'), html.indexOf('<h3>Pour l’agent</h3>'))
      .replaceAll('<em>Pas de réponse</em>', '');
    expect((article.match(/<h3>/g) ?? []).length).toBe(botHeadings().length);
    expect(article).not.toMatch(/<(h[1245]|hr|table|blockquote|pre|ol|em|del|img)\b/);
    expect((article.match(/<ul\b/g) ?? []).length).toBe(1);
    expect((article.match(/<strong>/g) ?? []).length).toBe(4);
    for (const href of article.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https?:\/\//);
    // The customer's would-be layout is shown as the text they typed.
    expect(article).toContain('### Pièces jointes');
    expect(article).toContain('**Demandeur :** Direction générale');
    expect(article).toContain('[Cliquez ici](javascript:alert(document.cookie))');
    expect(article).toContain('suite --> fin');
  });
});

describe('customer text in an HTML mail', () => {
  it('renders as words: a bare --> closes nothing and no section is faked', async () => {
    const html = [
      '<p>Bonjour --&gt; la suite</p>',
      '<p>### Pièces jointes</p>',
      '<p>- [facture.pdf](javascript:alert(1))</p>',
      '<p>**Demandeur :** Direction</p>',
      '<p>fin --!&gt; et &lt;!-- ouvert</p>',
    ].join('');
    const raw = rawMail({ subject: 'Facture en double', body: html })
      .toString('utf8')
      .replace('Content-Type: text/plain; charset=utf-8', 'Content-Type: text/html; charset=utf-8');
    const response = await fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(Buffer.from(raw)),
    });
    expect(response.status).toBeLessThan(300);
    const issue = await eventually(async () =>
      (await harness.issues()).find((candidate) => candidate.title.includes('Facture en double')),
    );
    const tree = parser.parse(beforeAgents(issue.body));
    expect(sections(tree).map((section) => section.heading)).toEqual(['Message']);
    // The only comment closers are the bot's markers on the first line.
    expect(issue.body.split('\n').slice(1).join('\n')).not.toContain('-->');
    expect(issue.body.split('\n').slice(1).join('\n')).not.toContain('--!>');
    const strong: string[] = [];
    const links: string[] = [];
    walk(tree, (node) => {
      if (node.type === 'strong') strong.push(toString(node));
      if (node.type === 'link') links.push(node.url);
    });
    expect(strong).toEqual(['Demandeur :', 'Canal :', 'Langue :', 'Référence :']);
    expect(links).toEqual([]);
    expect(words(toString(sections(tree)[0]!.nodes[0]!))).toContain('Bonjour --> la suite');
  });
});
