// Spam control of inbound mail end to end, through the bot's raw inbound endpoint (as an MTA posts it),
// the GitHub stand-in (issues counted) and the SMTP sink (acknowledgements counted): the receiving
// server's spam verdict and the sender lists of rules/desk.yaml hold a message in quarantine, unanswered
// and never a ticket; `repodesk mail quarantine list` says why; `repodesk mail release <id>` makes its
// one ticket.

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { runMail } from '../../../src/cli/mail.ts';
import type { MailSetting, Rules } from '../../../src/rules/types.ts';
import { settle, startHarness, type Harness } from '../../support/bot-harness.ts';
import { rawMail } from '../../support/email-fixtures.ts';
import { postMail, processed } from '../../support/inbound-mail.ts';
import { botWritesAfterComment } from '../../support/agent-api.ts';

let harness: Harness;
let template: Rules;
let sender = 0;

beforeAll(async () => {
  harness = await startHarness();
  template = harness.bot.context.rules.current;
});
afterAll(async () => {
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});
beforeEach(() => {
  harness.bot.context.rules.current = template;
});

/** The desk's rules with `mail` changed, in force from the next message on. */
function useMail(change: Partial<MailSetting>): void {
  harness.bot.context.rules.current = {
    ...template,
    desk: { ...template.desk, mail: { ...template.desk.mail, ...change } },
  };
}

const mailsTo = (address: string) =>
  harness.mail.messages.filter((message) => message.envelopeTo.includes(address.toLowerCase()));

/** A fresh sender address, so that no test's acknowledgement limit or block touches another's. */
function freshAddress(domain = 'client.example'): string {
  sender += 1;
  return `client${sender}@${domain}`;
}

/** Posts `raw`, waits until the bot processed it and what it queued ran: the stored message then. */
async function deliver(raw: Buffer) {
  const id = await postMail(harness, raw);
  const stored = await processed(harness, id);
  await settle(harness);
  return stored;
}

/**
 * A new mail from `address` with extra header lines (above its MIME headers, as a filter writes them):
 * what became of it, the issues made and the mails sent to the sender since it was posted.
 */
async function mailWith(address: string, headers: string[], body?: string) {
  const issues = (await harness.issues()).length;
  const acknowledged = mailsTo(address).length;
  const stored = await deliver(
    rawMail({
      from: `Client <${address}>`,
      subject: `Commande ${address}`,
      headers,
      ...(body ? { body } : {}),
    }),
  );
  return {
    stored,
    issues: (await harness.issues()).length - issues,
    acknowledgements: mailsTo(address).length - acknowledged,
  };
}

async function mail(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runMail(
    [...argv, '--data-dir', harness.dataDir],
    (text) => (out += text),
    (text) => (err += text),
    {},
  );
  return { code, out, err };
}

describe("the receiving server's spam verdict", () => {
  it.each([
    ['X-Spam-Flag: YES', ['X-Spam-Flag: YES'], 'X-Spam-Flag: YES'],
    ['X-Spam-Flag in lower case', ['X-Spam-Flag: yes'], 'X-Spam-Flag: yes'],
    [
      "SpamAssassin's X-Spam-Status: Yes",
      ['X-Spam-Status: Yes, score=7.3 required=5.0 tests=HTML_MESSAGE,URIBL_BLACK'],
      'X-Spam-Status: Yes, score=7.3 required=5.0 tests=HTML_MESSAGE,URIBL_BLACK',
    ],
    [
      'X-Spam-Status: No with a score over the desk threshold',
      ['X-Spam-Status: No, score=6.1 required=8.0'],
      'X-Spam-Status: No, score=6.1 required=8.0',
    ],
    ['X-Spam-Score at the threshold', ['X-Spam-Score: 5'], 'X-Spam-Score: 5'],
    [
      "rspamd's X-Spam-Score with its reject score",
      ['X-Spam-Score: 12.40 / 15.00'],
      'X-Spam-Score: 12.40 / 15.00',
    ],
    [
      'a forged X-Spam-Flag: NO below the filter’s YES',
      ['X-Spam-Flag: YES', 'X-Spam-Flag: NO'],
      'X-Spam-Flag: YES',
    ],
    [
      'a forged X-Spam-Flag: NO above the filter’s YES',
      ['X-Spam-Flag: NO', 'X-Spam-Flag: YES'],
      'X-Spam-Flag: YES',
    ],
    [
      'a forged low score next to the filter’s high one',
      ['X-Spam-Score: -100', 'X-Spam-Score: 9.9'],
      'X-Spam-Score: 9.9',
    ],
  ])(
    '%s: kept in quarantine with the header, never a ticket, never answered',
    async (_case, headers, shown) => {
      const address = freshAddress();
      const result = await mailWith(address, headers);
      expect([result.stored.state, result.stored.reason, result.issues, result.acknowledgements]).toEqual([
        'quarantined',
        'spam-verdict',
        0,
        0,
      ]);
      expect(result.stored.detail).toBe(
        `spam verdict of the receiving server: ${shown}; "repodesk mail release ${result.stored.id}" makes its ticket`,
      );
    },
  );

  it.each([
    ['X-Spam-Flag: NO', ['X-Spam-Flag: NO']],
    ['a score under the threshold', ['X-Spam-Score: 4.9']],
    ['a score that is not a number', ['X-Spam-Score: beaucoup']],
    ['a score written as an exponent', ['X-Spam-Score: 1e9']],
    ['a score of Infinity', ['X-Spam-Score: Infinity']],
    ['an X-Spam-Status: No under the threshold', ['X-Spam-Status: No, score=2.0 required=5.0']],
    ['a flag that only starts with yes', ['X-Spam-Flag: YESTERDAY']],
    ['another filter header', ['X-Spam-Level: ***************']],
  ])('%s: a ticket, acknowledged', async (_case, headers) => {
    const result = await mailWith(freshAddress(), headers);
    expect([result.stored.state, result.issues, result.acknowledgements]).toEqual(['done', 1, 1]);
  });

  it.each([
    ['in the body', 'Bonjour,\r\nX-Spam-Flag: YES\r\nX-Spam-Score: 50\r\nma commande est en retard.'],
    [
      'in quoted text',
      'Toujours rien.\r\n\r\nLe lundi, support a écrit :\r\n> X-Spam-Flag: YES\r\n> X-Spam-Status: Yes, score=30',
    ],
  ])('a verdict %s does not count', async (_case, body) => {
    const result = await mailWith(freshAddress(), [], body);
    expect([result.stored.state, result.issues, result.acknowledgements]).toEqual(['done', 1, 1]);
  });

  it('a verdict in the headers of an attached message does not count', async () => {
    const address = freshAddress();
    const issues = (await harness.issues()).length;
    const raw = Buffer.from(
      [
        `From: Client <${address}>`,
        'To: support@cassiopee.example',
        'Subject: Je transfère un courriel',
        `Message-ID: <attached-${address}>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Voici le courriel reçu, est-ce bien vous ?',
        '--b1',
        'Content-Type: message/rfc822',
        '',
        'From: Inconnu <inconnu@ailleurs.example>',
        'Subject: Gagnez un iPhone',
        'X-Spam-Flag: YES',
        'X-Spam-Score: 40',
        '',
        'Cliquez ici.',
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const stored = await deliver(raw);
    expect(stored.state).toBe('done');
    expect((await harness.issues()).length - issues).toBe(1);
    expect(mailsTo(address)).toHaveLength(1);
  });

  it('the threshold comes from rules/desk.yaml mail.spam.scoreThreshold', async () => {
    useMail({ spam: { trustHeaders: true, scoreThreshold: 10 } });
    const under = await mailWith(freshAddress(), ['X-Spam-Score: 7.5']);
    expect([under.stored.state, under.issues]).toEqual(['done', 1]);
    const over = await mailWith(freshAddress(), ['X-Spam-Status: No, score=10.0 required=12.0']);
    expect([over.stored.state, over.stored.reason, over.issues, over.acknowledgements]).toEqual([
      'quarantined',
      'spam-verdict',
      0,
      0,
    ]);
  });

  it('mail.spam.trustHeaders: false (no filter on the receiving server) lets a flagged message through', async () => {
    useMail({ spam: { trustHeaders: false, scoreThreshold: 5 } });
    const result = await mailWith(freshAddress(), ['X-Spam-Flag: YES', 'X-Spam-Score: 30']);
    expect([result.stored.state, result.issues, result.acknowledgements]).toEqual(['done', 1, 1]);
  });
});

describe('allowed and blocked senders and domains of rules/desk.yaml', () => {
  it.each([
    [
      'blockedSenders, in another case',
      { blockedSenders: ['Promo@Vente-Flash.example'] },
      'promo@vente-flash.example',
      'mail.blockedSenders[0] "Promo@Vente-Flash.example"',
    ],
    [
      'blockedDomains, the domain itself',
      { blockedDomains: ['autre.example', 'vente-flash.example'] },
      'offres@vente-flash.example',
      'mail.blockedDomains[1] "vente-flash.example"',
    ],
    [
      'blockedDomains, a subdomain',
      { blockedDomains: ['vente-flash.example'] },
      'news@mail.vente-flash.example',
      'mail.blockedDomains[0] "vente-flash.example"',
    ],
    [
      'a blocked subdomain of an allowed domain',
      { allowedDomains: ['grand-groupe.example'], blockedDomains: ['promo.grand-groupe.example'] },
      'offres@promo.grand-groupe.example',
      'mail.blockedDomains[0] "promo.grand-groupe.example"',
    ],
  ])('%s: quarantined without an answer, the rule named', async (_case, lists, address, rule) => {
    useMail(lists);
    const result = await mailWith(address, []);
    expect([result.stored.state, result.stored.reason, result.issues, result.acknowledgements]).toEqual([
      'quarantined',
      'blocked-by-rules',
      0,
      0,
    ]);
    expect(result.stored.detail).toBe(
      `the sender is blocked by rules/desk.yaml ${rule}; "repodesk mail release ${result.stored.id}" makes its ticket`,
    );
  });

  it.each([
    [
      'a domain that only ends like a blocked one',
      { blockedDomains: ['vente-flash.example'] },
      'client@pasvente-flash.example',
      [],
    ],
    [
      'an allowed sender in a blocked domain',
      { blockedDomains: ['grand-groupe.example'], allowedSenders: ['compta@grand-groupe.example'] },
      'compta@grand-groupe.example',
      [],
    ],
    [
      'an allowed sender with a spam verdict',
      { allowedSenders: ['fidele@client.example'] },
      'Fidele@client.example',
      ['X-Spam-Flag: YES'],
    ],
    [
      'an allowed domain with a high score',
      { allowedDomains: ['client-fidele.example'] },
      'achats@eu.client-fidele.example',
      ['X-Spam-Score: 25', 'X-Spam-Status: Yes, score=25'],
    ],
  ])('%s: a ticket, acknowledged', async (_case, lists, address, headers) => {
    useMail(lists);
    const result = await mailWith(address, headers);
    expect([result.stored.state, result.issues, result.acknowledgements]).toEqual(['done', 1, 1]);
  });

  it("an agent's /spam on an allowed sender wins: their next mail is held, unanswered, until released", async () => {
    const address = 'revendeur@partenaire.example';
    useMail({ allowedSenders: [address] });
    const first = await mailWith(address, ['X-Spam-Flag: YES']);
    expect([first.stored.state, first.issues, first.acknowledgements]).toEqual(['done', 1, 1]);
    const number = await issueOf(first.stored.ref ?? '');
    expect(await botWritesAfterComment(harness, number, '/spam')).toContain(
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    );
    const next = await mailWith(address, []);
    expect([next.stored.state, next.stored.reason, next.issues, next.acknowledgements]).toEqual([
      'quarantined',
      'blocked-sender',
      0,
      0,
    ]);
    // The operator releases that one message: its ticket is made, the sender stays blocked.
    const issues = (await harness.issues()).length;
    expect((await mail('release', String(next.stored.id))).code).toBe(0);
    expect((await processed(harness, next.stored.id)).state).toBe('done');
    await settle(harness);
    expect(await harness.issues()).toHaveLength(issues + 1);
    const third = await mailWith(address, []);
    expect([third.stored.state, third.stored.reason, third.issues]).toEqual([
      'quarantined',
      'blocked-sender',
      0,
    ]);
  });
});

/** The issue of ticket `ref` (made once the bot settled). */
async function issueOf(ref: string): Promise<number> {
  const number = (await harness.bot.context.refs.get(ref))?.issueNumber;
  if (number === undefined) throw new Error(`no issue for ${ref}`);
  return number;
}

describe('repodesk mail quarantine list and release', () => {
  it('list says why each message is held: spam verdict with its header, blocking rule', async () => {
    useMail({ blockedDomains: ['liste-noire.example'] });
    const flagged = await mailWith(freshAddress(), ['X-Spam-Status: Yes, score=9.1 required=5.0']);
    const blocked = await mailWith('vendeur@liste-noire.example', []);
    const listed = await mail('quarantine', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.out.split('\n');
    const lineOf = (id: number) => lines.find((line) => line.startsWith(`${id}\t`));
    expect(lineOf(flagged.stored.id)).toMatch(
      new RegExp(
        `\\trfc822\\t\\d+ bytes\\tspam-verdict: spam verdict of the receiving server: X-Spam-Status: Yes, score=9\\.1 required=5\\.0; "repodesk mail release ${flagged.stored.id}" makes its ticket$`,
      ),
    );
    expect(lineOf(blocked.stored.id)).toMatch(
      new RegExp(
        `\\tblocked-by-rules: the sender is blocked by rules/desk\\.yaml mail\\.blockedDomains\\[0\\] "liste-noire\\.example"; "repodesk mail release ${blocked.stored.id}" makes its ticket$`,
      ),
    );
    const json = JSON.parse((await mail('quarantine', 'list', '--format', 'json')).out) as {
      id: number;
      reason: string;
    }[];
    expect(json.find((entry) => entry.id === flagged.stored.id)?.reason).toBe('spam-verdict');
  });

  it.each([
    ['a spam verdict', {}, ['X-Spam-Flag: YES']],
    ['a blocked domain', { blockedDomains: ['client.example'] }, []],
    ['a blocked sender and a spam verdict', { blockedSenders: ['__address__'] }, ['X-Spam-Score: 99']],
  ])(
    'release makes one ticket of a message held for %s, acknowledged, and it leaves the list; twice changes nothing',
    async (_case, lists, headers) => {
      const address = freshAddress();
      useMail(
        Object.fromEntries(
          Object.entries(lists).map(([list, entries]) => [
            list,
            entries.map((entry) => (entry === '__address__' ? address : entry)),
          ]),
        ),
      );
      const held = await mailWith(address, headers);
      expect([held.stored.state, held.issues, held.acknowledgements]).toEqual(['quarantined', 0, 0]);
      const id = held.stored.id;
      const issues = (await harness.issues()).length;

      expect(await mail('release', String(id))).toEqual({
        code: 0,
        out: `Message ${id} released; the bot makes its ticket on its next pass.\n`,
        err: '',
      });
      const released = await processed(harness, id);
      await settle(harness);
      expect(released.state).toBe('done');
      const after = await harness.issues();
      expect(after).toHaveLength(issues + 1);
      const number = await issueOf(released.ref ?? '');
      // Titles neutralise mentions: the @ is followed by a zero-width joiner.
      expect(after.find((issue) => issue.number === number)?.title.replace('\u200d', '')).toBe(
        `Commande ${address}`,
      );
      expect(mailsTo(address)).toHaveLength(1);
      expect((await mail('quarantine', 'list')).out).not.toMatch(new RegExp(`^${id}\\t`, 'm'));

      // Released again, or replayed (its older name): not in quarantine, nothing made twice.
      const again: [string[], string][] = [
        [['release'], 'repodesk mail release'],
        [['quarantine', 'replay'], 'repodesk mail quarantine replay'],
      ];
      for (const [argv, name] of again)
        expect(await mail(...argv, String(id))).toEqual({
          code: 1,
          out: '',
          err: `${name}: message ${id} is not in quarantine; run "repodesk mail quarantine list"\n`,
        });
      await settle(harness);
      expect(await harness.issues()).toHaveLength(issues + 1);
      expect(mailsTo(address)).toHaveLength(1);
    },
  );

  it('replay is release under its older name: a replayed spam message is a ticket, and release after it changes nothing', async () => {
    const address = freshAddress();
    const held = await mailWith(address, ['X-Spam-Flag: YES']);
    const issues = (await harness.issues()).length;
    expect((await mail('quarantine', 'replay', String(held.stored.id))).code).toBe(0);
    expect((await processed(harness, held.stored.id)).state).toBe('done');
    await settle(harness);
    expect((await mail('release', String(held.stored.id))).code).toBe(1);
    await settle(harness);
    expect(await harness.issues()).toHaveLength(issues + 1);
    expect(mailsTo(address)).toHaveLength(1);
  });

  it('release refuses what is not a message id, saying what it expects', async () => {
    expect(await mail('release', 'douze')).toEqual({
      code: 2,
      out: '',
      err: 'repodesk mail release: expected a message id (a whole number from "repodesk mail quarantine list"), found "douze"\n',
    });
  });
});

it('repodesk mail --help names release, the reasons a message is held and replay as release', async () => {
  let out = '';
  const write = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    expect(await main(['mail', '--help'])).toBe(0);
  } finally {
    write.mockRestore();
  }
  expect(out).toContain('repodesk mail release <id> [--data-dir DIR]');
  expect(out).toContain(
    "server's spam verdict in its X-Spam-Flag, X-Spam-Status or X-Spam-Score header (spam-verdict)",
  );
  expect(out).toContain('mail.blockedSenders / mail.blockedDomains (blocked-by-rules)');
  expect(out).toContain('"repodesk mail quarantine replay <id>" is its older name.');
});
