// The satisfaction survey in a real browser, from the resolution mail's link to the comment on the issue:
// the real bot (GitHub stand-in, SMTP sink) behind the built help site, as a customer's Chromium sees it.
// The link's confirm page sends its one POST by itself (its script allowed by the page's policy), the bot
// redirects to the site's survey page in the ticket's language, which says what was recorded, passes axe,
// and sends the customer's comment, which the internal note on the issue then shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mail/parse-message.ts';
import { agentApi } from '../support/agent-api.ts';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../support/bot-harness.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { builtSite } from './support/built-site.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let harness: Harness;
let site: StaticServer;
let browser: Browser;
const api = agentApi(() => harness);

beforeAll(async () => {
  harness = await startHarness();
  site = await startStaticServer(await builtSite(), () => harness.url);
  // The site and the bot share one origin here (the static server forwards /api/), as behind one proxy.
  harness.bot.context.config.publicSiteUrl = site.url;
  harness.bot.context.config.publicBotUrl = site.url;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await harness?.close();
});

/** A resolved ticket in `lang`; resolves to its number and the two survey links of its resolution mail. */
async function resolvedTicket(lang: 'fr' | 'en') {
  const email = `client.${lang}@example.org`;
  const submission = incidentSubmission(harness.bot.context.clock(), {
    lang,
    requester: { name: 'Marie Curie', email },
  });
  if (lang === 'en')
    submission.fields = {
      ...(submission.fields as Record<string, unknown>),
      service: 'VPN and remote access',
      impact: 'I can no longer work',
    };
  const { ref } = (await (await postRequest(harness.url, submission, { origin: site.url })).json()) as {
    ref: string;
  };
  await settle(harness);
  const number = (await harness.issues()).find((issue) => issue.body.includes(ref))!.number;
  await api(`/issues/${number}/comments`, {
    method: 'POST',
    body: JSON.stringify({ body: '/reply resolution' }),
  });
  await settle(harness);
  const mail = harness.mail.messages.filter((message) => message.envelopeTo.includes(email)).at(-1);
  const parsed = await parseMessage(mail!.raw);
  if (!parsed.ok) throw new Error(parsed.detail);
  const link = (rating: string) =>
    parsed.mail.text.match(new RegExp(`${site.url}/api/satisfaction/${ref}/${rating}\\?token=[\\w.-]+`))![0];
  return { number, ref, good: link('good'), bad: link('bad') };
}

async function note(number: number): Promise<string> {
  const comments = await api<{ body: string; user: { login: string } }[]>(`/issues/${number}/comments`);
  return comments.find((comment) => comment.body.includes('repodesk:satisfaction'))?.body ?? '';
}

describe('the survey page', () => {
  it.each([
    [
      'fr',
      'bad',
      'Merci ! Votre avis sur la demande {ref} est enregistré : pas satisfait.',
      'Envoyer le commentaire',
      'Merci, votre commentaire est transmis.',
    ],
    [
      'en',
      'good',
      'Thank you! Your opinion of request {ref} is recorded: satisfied.',
      'Send the comment',
      'Thank you, your comment is sent.',
    ],
  ] as const)(
    'in %s: one click on the %s link records it, the page passes axe and sends the comment to the note',
    async (lang, rating, recorded, submit, sent) => {
      const ticket = await resolvedTicket(lang);
      const page = await browser.context.newPage();
      await page.goto(ticket[rating]);
      await page.waitForURL(`${site.url}/${lang}/satisfaction/?**`);
      const lead = page.locator('[data-satisfaction-recorded]');
      await expect.poll(() => lead.textContent()).toBe(recorded.replace('{ref}', ticket.ref));
      await settle(harness);
      expect(await note(ticket.number)).toContain(rating === 'good' ? '👍' : '👎');
      expect(await axeViolations(page)).toEqual([]);
      await page.locator('textarea[name="comment"]').fill('Réponse claire, merci.');
      await page.getByRole('button', { name: submit }).click();
      await expect.poll(() => page.locator('[data-satisfaction-status]').textContent()).toBe(sent);
      await settle(harness);
      expect(await note(ticket.number)).toContain('> Réponse claire, merci.');
      await page.close();
    },
  );
});
