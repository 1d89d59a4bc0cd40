// The small HTML pages the survey's links land on (confirm, thanks, error): one self-contained document in
// the ticket's language, readable with no script and no style sheet, every text escaped. The confirm page
// sends its one POST by itself in a browser (a script allowed by its hash alone); a mail scanner that only
// fetches the link changes nothing.

import { createHash } from 'node:crypto';
import { escapeHtml } from '../../mail/compose.ts';
import type { HttpAnswer } from '../../http/http-answer.ts';

/** Submits the confirm page's form once it is shown (a person's browser; not a scanner's fetch). */
const autoSubmit = "document.getElementById('rate').submit();";
const autoSubmitHash = createHash('sha256').update(autoSubmit).digest('base64');

interface SurveyPage {
  status: number;
  lang: string;
  title: string;
  text: string;
  /** A confirm page: the label of its button, which POSTs to the page's own address. */
  button?: string;
}

/** The page as an HTTP answer, with a policy that allows its own form and its one script only. */
export function surveyPage(page: SurveyPage): HttpAnswer {
  const form = page.button
    ? `<form id="rate" method="post" action=""><button type="submit">${escapeHtml(page.button)}</button></form>\n<script>${autoSubmit}</script>\n`
    : '';
  const text = `<!doctype html>
<html lang="${escapeHtml(page.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(page.title)}</title></head>
<body><main><h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.text)}</p>
${form}</main></body></html>
`;
  return {
    status: page.status,
    text,
    contentType: 'text/html; charset=utf-8',
    headers: {
      'content-security-policy': `default-src 'none'; script-src 'sha256-${autoSubmitHash}'; form-action 'self'; frame-ancestors 'none'`,
    },
  };
}
