// GitHub cost of the email channel (BENCHMARKS.md, GitHub cost): API requests, writes and content writes
// per new ticket by mail and per customer reply, counted at the GitHub stand-in. Goal: 1 content write
// per reply (the comment); label writes only when the status changes. Run:
//   node test/bench/mail-writes.ts [--replies 20]
// Prints:
//   bench mail-writes new_ticket_content_writes=<…> new_ticket_writes=<…> new_ticket_requests=<…>
//   bench mail-writes replies=<n> content_writes_per_reply=<…> writes_per_reply=<…> requests_per_reply=<…> (ticket already open)
//   bench mail-writes pending_reply content_writes=<…> writes=<…> (ticket pending: + status label swap)

import { parseArgs } from 'node:util';
import { createSmtpMailer } from '../../src/mailer/mailer.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { threadToken } from '../../src/mail/thread-token.ts';
import { eventually, startHarness } from '../support/bot-harness.ts';
import { rawMail } from '../support/email-fixtures.ts';

const { values } = parseArgs({ options: { replies: { type: 'string', default: '20' } } });
const replies = Number(values.replies);

const sink = await startSmtpSink();
const harness = await startHarness();
harness.bot.context.mail.mailer = createSmtpMailer({ url: sink.url });
try {
  const post = (raw: Buffer) =>
    fetch(`${harness.url}/api/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: new Uint8Array(raw),
    });
  const jobsIdle = () =>
    eventually(
      async () =>
        (await harness.bot.context.jobs.countByState()).queued === 0 &&
        (await harness.bot.context.jobs.countByState()).running === 0,
      30_000,
    );
  harness.standin.resetStats();
  await post(rawMail({ messageId: 'bench-first@client.example', subject: 'Commande 4411 en retard' }));
  const [issue] = await eventually(async () => {
    const issues = await harness.issues();
    return issues.length === 1 ? issues : undefined;
  });
  await jobsIdle();
  const created = harness.standin.stats();
  console.log(
    `bench mail-writes new_ticket_content_writes=${created.contentWrites} new_ticket_writes=${created.writes} new_ticket_requests=${created.total}`,
  );
  const ref = /ref=(RD-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(issue?.body ?? '')?.[1] ?? '';
  const token = threadToken(ref, harness.bot.context.mail.threadSecret);
  const to = `support+${token}@cassiopee.example`;

  harness.standin.resetStats();
  for (let index = 0; index < replies; index += 1) {
    await post(
      rawMail({
        to,
        messageId: `bench-reply-${index}@client.example`,
        subject: `Re: [#${ref}] Commande 4411 en retard`,
        body: `Relance numéro ${index}.`,
      }),
    );
  }
  await jobsIdle();
  const open = harness.standin.stats();
  console.log(
    `bench mail-writes replies=${replies} content_writes_per_reply=${(open.contentWrites / replies).toFixed(2)} writes_per_reply=${(open.writes / replies).toFixed(2)} requests_per_reply=${(open.total / replies).toFixed(2)}`,
  );

  // A reply while the ticket waits for the customer also moves it back to open: one label swap more.
  const pending = harness.rules.desk.statuses.pending.label;
  const labels = ((await harness.issues())[0]?.labels ?? []).filter((label) => !label.startsWith('status: '));
  const moved = await fetch(`${harness.standin.url}/repos/acme/support/issues/${issue?.number ?? 0}`, {
    method: 'PATCH',
    headers: { authorization: 'token agent-camille-token', 'content-type': 'application/json' },
    body: JSON.stringify({ labels: [...labels, pending] }),
  });
  if (!moved.ok) throw new Error(`stand-in answered ${moved.status} to the status change`);
  await harness.standin.deliveriesIdle();
  await jobsIdle();
  harness.standin.resetStats();
  await post(
    rawMail({
      to,
      messageId: 'bench-reply-pending@client.example',
      subject: `Re: [#${ref}] Commande 4411 en retard`,
      body: 'Voici le numéro demandé.',
    }),
  );
  await jobsIdle();
  const afterPending = harness.standin.stats();
  console.log(
    `bench mail-writes pending_reply content_writes=${afterPending.contentWrites} writes=${afterPending.writes} requests=${afterPending.total}`,
  );
  console.log(
    `bench mail-writes mails_sent=${sink.messages.length} (one acknowledgement; replies send nothing)`,
  );
} finally {
  await harness.close();
  await sink.close();
}
