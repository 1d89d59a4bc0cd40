// A bot process for the crash test: optionally queues one acknowledgement, then runs the worker until no
// job is due, sending through SMTP_URL. The parent kills it with SIGKILL in the middle of the SMTP send.
//   node test/outbound/send-crash-child.ts <dataDir> <smtpUrl> [enqueue]

import path from 'node:path';
import { silentLogger } from '../../src/config/logger.ts';
import { sendMailJobKind, type SendMailPayload } from '../../src/outbound/send-mail-job.ts';
import { createSmtpMailer } from '../../src/mailer/mailer.ts';
import { loadRules } from '../../src/rules/load-rules.ts';
import { createBot } from '../../src/bot/create-bot.ts';
import { trackerFromConfig } from '../../src/tracker/tracker-from-config.ts';

const [dataDir = '', smtpUrl = '', mode = ''] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '../..');
const loaded = await loadRules(root, { now: new Date() });
if (!loaded.rules) throw new Error('template rules invalid');
const config = {
  githubAuth: { kind: 'token' as const, token: 'unused' },
  repository: 'acme/support',
  githubApiUrl: 'http://127.0.0.1:9',
  webhookSecrets: ['unused'],
  dataDir,
  port: 0,
  root,
  requireAltcha: false,
  // No SLA sweep: this child only sends mail.
  sweepEveryMs: 0,
};
const bot = await createBot({
  config,
  log: silentLogger,
  tracker: trackerFromConfig(config, silentLogger),
  rules: loaded.rules,
  pollMs: 20,
});
bot.context.mail.mailer = createSmtpMailer({ url: smtpUrl, timeoutMs: 5000 });
if (mode === 'enqueue') {
  const payload: SendMailPayload = {
    key: 'ack:RD-CRSH-0001',
    template: 'acknowledgement',
    ref: 'RD-CRSH-0001',
    lang: 'fr',
    to: ['claire@client.example'],
    cc: [],
    variables: {
      'ticket.ref': 'RD-CRSH-0001',
      'ticket.title': 'Colis abîmé',
      'requester.firstName': 'Claire',
    },
    automatic: true,
    threaded: false,
  };
  await bot.context.jobs.enqueue(sendMailJobKind, payload, Date.now());
}
const ran = await bot.worker.drain();
process.stdout.write(JSON.stringify({ ran, states: await bot.context.jobs.countByState() }));
await bot.context.store.close();
