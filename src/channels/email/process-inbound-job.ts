// Processes one stored inbound mail: parse under the limits (quarantine otherwise, and tell the sender
// when it was too large), recognise robots and bounces (DSNs and plain-text ones), then thread it: a reply
// becomes one comment on its ticket (pending → open, reopened within the window), an automatic reply at
// most one internal note per ticket and window that moves nothing, anything else a new ticket with its
// acknowledgement. A message with no usable sender address that is not a bounce is quarantined, and so,
// unanswered, is one whose sender is held (`screenSender`: an agent's `/spam`, desk.yaml's blocked senders
// and domains, the receiving server's spam verdict unless desk.yaml allows the sender) until an operator
// releases it (`repodesk mail release`). Every step is idempotent: a retry after a crash finds
// the comment by its hidden key, and the new ticket by the inbox's dedupe key.

import type { BotContext } from '../../context.ts';
import { titleMaxLength } from '../../intake/ticket-title.ts';
import { queueAcknowledgement } from '../../outbound/acknowledgement.ts';
import { statusOfIssue } from '../../tickets/status-of-issue.ts';
import { viaReferenceMarker } from '../../tickets/markers.ts';
import { newReference, parseReference } from '../../store/reference.ts';
import type { JobKind, JobOutcome, JobRunContext } from '../../worker/worker.ts';
import { autoReplyNoteMarker, renderAutoReplyNote } from '../../intake/auto-reply-note.ts';
import { takeAutomaticSlot } from '../../outbound/automatic-mail.ts';
import { withAttachedMessages } from '../../mail/attached-messages.ts';
import { messagesFor } from '../../messages/index.ts';
import { screenAttachments, signFileUrl } from '../../mail/attachments.ts';
import {
  mailCommentMarker,
  renderCustomerComment,
  type CommentAttachment,
} from '../../intake/customer-comment.ts';
import { guessLanguage } from '../../mail/guess-language.ts';
import { findOrganisation, indexDomains } from '../../routing/find-organisation.ts';
import { keepMailAttachment } from './keep-mail-attachment.ts';
import type { InboundMessage } from '../../store/mail-store.ts';
import { normaliseSubject } from '../../mail/normalise-subject.ts';
import { parseMessage, type ParsedMail } from '../../mail/parse-message.ts';
import { isOurAddress, robotCheck, type RobotCheck } from '../../mail/robot-check.ts';
import { senderRule } from '../../mail/sender-rule.ts';
import { spamVerdict } from '../../mail/spam-verdict.ts';
import { setTicketStatus } from '../../tracker/set-ticket-status.ts';
import type { Tracker } from '../../tracker/tracker.ts';
import { threadMessage, type ThreadDecision, type ThreadTicket } from '../../mail/thread.ts';
import { tokensIn, verifyThreadToken } from '../../mail/thread-token.ts';
import { createEmailTicketJobKind, type CreateEmailTicketPayload } from './create-email-ticket-job.ts';
import { recordUndeliverable } from '../../outbound/label-undeliverable-job.ts';
import { recipientsOf } from '../../outbound/recipients.ts';
import { sendMailJobKind, type SendMailPayload } from '../../outbound/send-mail-job.ts';

/** The requester's address (lower-cased, as mail compares addresses) and the CCs of ticket `ref`. */
async function requesterOf(
  bot: BotContext,
  ref: string,
): Promise<{ email: string; cc: string[] } | undefined> {
  const recipients = await recipientsOf(bot, ref);
  return recipients && { email: recipients.to.toLowerCase(), cc: recipients.cc };
}

/** At most `max` characters (code points: never half an emoji), with an ellipsis when cut. */
function cut(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max
    ? text
    : `${characters
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function cheapSender(raw: Uint8Array): string | undefined {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 64 * 1024)).toString(
    'latin1',
  );
  const headers = head.slice(0, Math.max(0, head.search(/\r?\n\r?\n/))).replace(/\r?\n[ \t]+/g, ' ');
  const from = /^from:.*?<?([^\s<>"@]+@[^\s<>"]+\.[a-z]{2,})>?\s*$/im.exec(headers)?.[1];
  const subject = /^subject:\s*(.*)$/im.exec(headers)?.[1];
  const robotish =
    /^(auto-submitted:\s*(?!no\b)|precedence:\s*(bulk|list|junk)|list-id:|return-path:\s*<>)/im.test(headers);
  return from && !robotish ? `${from.toLowerCase()}\n${subject ?? ''}` : undefined;
}

async function quarantine(
  bot: BotContext,
  message: InboundMessage,
  reason: string,
  detail: string,
  now: number,
  log: JobRunContext['log'],
): Promise<JobOutcome> {
  await bot.store.transaction(async () => {
    await bot.mail.mailStore.quarantine(message.id, reason, detail);
    if (reason !== 'too-large') return;
    // Tell the sender, politely and once, unless it is a robot or over the hourly cap.
    const sender = cheapSender(message.raw);
    if (!sender) return;
    const [address = '', subject = ''] = sender.split('\n');
    const robot: RobotCheck = {
      automated: address === bot.rules.current.desk.mail.address.toLowerCase(),
      reasons: [],
      autoReply: false,
    };
    if ((await takeAutomaticSlot(bot, { address, automated: robot.automated, now })) !== undefined) return;
    const limitMb = Math.round(bot.mail.config.parseLimits.maxBytes / (1024 * 1024));
    const lang = guessLanguage(subject, bot.rules.current.desk.languages);
    const payload: SendMailPayload = {
      key: `too-large:${message.dedupeKey}`,
      template: 'too-large',
      ref: `mail-${message.id}`,
      lang,
      to: [address],
      cc: [],
      variables: { subject: subject.slice(0, 200), limit: messagesFor(lang).mail.sizeLimit(limitMb) },
      automatic: true,
      threaded: false,
    };
    await bot.jobs.enqueue(sendMailJobKind, payload, now);
  });
  bot.metrics.count('repodesk_mail_quarantined_total', 'Inbound mail put in quarantine, by reason.', {
    reason,
  });
  log.warn('inbound mail quarantined', { mailId: message.id, reason });
  return { status: 'done', note: `quarantined: ${reason}` };
}

/**
 * The issue a reference's mail lands on: its own, or the one its ticket was merged into (`/merge`, in the same
 * repository), with the tracker of its repository (a confidential queue's, or the default one).
 */
async function issueOfRef(
  bot: BotContext,
  ref: string,
): Promise<{ number: number; tracker: Tracker } | undefined> {
  const merge = await bot.merges.ofSourceRef(ref);
  const record = await bot.refs.get(ref);
  const number = merge?.targetIssue ?? record?.issueNumber;
  if (number === undefined) return undefined;
  return { number, tracker: bot.tracker.forRepository(record?.repository ?? bot.tracker.repository) };
}

async function threadTicketOf(
  bot: BotContext,
  ref: string,
  live: boolean,
): Promise<ThreadTicket | undefined> {
  const canonical = parseReference(ref);
  if (!canonical) return undefined;
  const requester = await requesterOf(bot, canonical);
  if (!requester) return undefined;
  const ticket: ThreadTicket = {
    ref: canonical,
    requester: requester.email,
    cc: requester.cc,
    status: 'open',
  };
  const found = await issueOfRef(bot, canonical);
  if (!live || found === undefined) return ticket;
  const issue = await found.tracker.getIssue(found.number);
  ticket.status = statusOfIssue(issue, bot.rules.current);
  if (issue.state === 'closed') ticket.closedAt = issue.closedAt ?? issue.updatedAt;
  return ticket;
}

async function decideThread(bot: BotContext, parsed: ParsedMail, now: number): Promise<ThreadDecision> {
  const settings = {
    address: bot.rules.current.desk.mail.address,
    secret: bot.mail.threadSecret,
    reopenWindowDays: bot.rules.current.desk.mail.reopenWindowDays,
    authservId: bot.rules.current.desk.mail.authservId,
  };
  // Threading lookups are synchronous and the store is not: the engine runs over what was read, and runs
  // again while it asked for something not read yet (a reference, a Message-ID); each round reads those.
  // Then the live status of the one candidate ticket is read.
  const requesters = new Map<string, { email: string; cc: string[] } | undefined>();
  const messageRefs = new Map<string, string | undefined>();
  const known = new Map<string, ThreadTicket | undefined>();
  const wanted = { refs: new Set<string>(), messageIds: new Set<string>() };
  const lookups = (live: boolean) => ({
    ticketByRef: (ref: string): ThreadTicket | undefined => {
      const canonical = parseReference(ref) ?? ref;
      if (live) return known.get(canonical);
      if (!requesters.has(canonical)) wanted.refs.add(canonical);
      const requester = requesters.get(canonical);
      return requester
        ? { ref: canonical, requester: requester.email, cc: requester.cc, status: 'open' }
        : undefined;
    },
    ticketByMessageId: (id: string) => {
      if (!messageRefs.has(id)) wanted.messageIds.add(id);
      const ref = messageRefs.get(id);
      return ref === undefined ? undefined : lookups(live).ticketByRef(ref);
    },
  });
  const settle = async (live: boolean): Promise<ThreadDecision> => {
    for (;;) {
      const decision = threadMessage(parsed, lookups(live), settings, new Date(now));
      const { refs, messageIds } = wanted;
      if (refs.size === 0 && messageIds.size === 0) return decision;
      wanted.refs = new Set();
      wanted.messageIds = new Set();
      for (const id of messageIds) messageRefs.set(id, await bot.mail.mailStore.refOfMessageId(id));
      for (const ref of refs) requesters.set(ref, await requesterOf(bot, ref));
    }
  };
  const first = await settle(false);
  const candidate = first.kind === 'comment' ? first.ref : first.linkedRef;
  if (candidate === undefined) return first;
  const canonical = parseReference(candidate) ?? candidate;
  known.set(canonical, await threadTicketOf(bot, canonical, true));
  return settle(true);
}

async function keptAttachments(
  bot: BotContext,
  message: InboundMessage,
  parsed: ParsedMail,
  now: number,
): Promise<CommentAttachment[]> {
  const verdicts = await screenAttachments(
    parsed.attachments.filter(
      (attachment) => !/^(message\/delivery-status|text\/rfc822-headers)$/i.test(attachment.declaredType),
    ),
    bot.mail.config.attachmentLimits,
  );
  const base = bot.config.publicBotUrl ?? '';
  return Promise.all(
    verdicts.map(async (verdict, part): Promise<CommentAttachment> => {
      if (!verdict.accepted) return { name: verdict.displayName, refused: verdict.reason };
      const stored = await keepMailAttachment(
        bot.config.dataDir,
        bot.mail.mailStore,
        message.id,
        part,
        verdict,
      );
      const url = `${base}${signFileUrl(stored.id, Math.floor(now / 1000) + bot.mail.config.attachmentLinkSeconds, bot.mail.fileSecret)}`;
      return { name: verdict.displayName, url };
    }),
  );
}

async function addCustomerComment(
  bot: BotContext,
  message: InboundMessage,
  parsed: ParsedMail,
  decision: Extract<ThreadDecision, { kind: 'comment' }>,
  attempts: number,
  context: JobRunContext,
): Promise<JobOutcome> {
  const record = await bot.refs.get(decision.ref);
  const found = await issueOfRef(bot, decision.ref);
  // The ticket exists but its issue is still being created (GitHub slow or down): come back later.
  if (record === undefined || found === undefined)
    return { status: 'defer', until: context.now + 30_000, reason: 'issue not created yet' };
  const { number, tracker } = found;
  const marker = mailCommentMarker(message.dedupeKey);
  let already = false;
  if (attempts > 1) {
    const since = new Date(message.receivedAt - 60_000).toISOString();
    already = (await tracker.listComments(number, { since })).some((comment) =>
      comment.body.includes(marker),
    );
  }
  if (!already) {
    const budget = await bot.budget.take(context.now);
    if (!budget.granted) return { status: 'defer', until: budget.retryAt, reason: 'write budget' };
    const lang = (await bot.mail.mailStore.thread(decision.ref))?.lang ?? record.lang;
    const attachments = await keptAttachments(bot, message, parsed, context.now);
    const body = renderCustomerComment({
      dedupeKey: message.dedupeKey,
      newText: withAttachedMessages(parsed.newText, parsed.attachedMessages, lang),
      fullText: withAttachedMessages(parsed.text, parsed.attachedMessages, lang),
      attachments,
      lang,
      senderNotVerified: decision.senderNotVerified === true,
    });
    // On the ticket it was merged into, the message says whose it is (each follow page shows its own).
    const merged = record.issueNumber !== number;
    await tracker.createComment(number, merged ? `${body}\n${viaReferenceMarker(decision.ref)}` : body);
    bot.metrics.count('repodesk_mail_replies_total', 'Customer mail replies added to tickets.', {});
  }
  const status = decision.setStatus;
  if (status) {
    // In the issue's turn: the sweep and agents' commands write its labels too.
    await bot.issueLocks.forRepository(tracker.repository).run(number, async () => {
      const issue = await tracker.getIssue(number);
      await setTicketStatus(tracker, bot.rules.current, issue, status);
    });
  }
  context.log.info('customer reply added to ticket', {
    mailId: message.id,
    issue: number,
    matchedBy: decision.matchedBy,
    reopened: decision.reopen,
    senderVerified: decision.senderNotVerified !== true,
  });
  return {
    status: 'done',
    recordEffect: async () => {
      await bot.mail.mailStore.markDone(message.id, decision.ref);
      if (parsed.messageId)
        await bot.mail.mailStore.rememberMessageId(parsed.messageId, decision.ref, 'in', context.now);
    },
  };
}

async function openTicket(
  bot: BotContext,
  message: InboundMessage,
  parsed: ParsedMail,
  robot: RobotCheck,
  linkedRef: string | undefined,
  context: JobRunContext,
): Promise<JobOutcome> {
  const rules = bot.rules.current;
  const from = parsed.from?.address ?? '';
  // A mail that does not tell its language is answered in the sender's organisation's, found by domain
  // alone: a language grants nothing, so an unverified sender may have it.
  const organisation = findOrganisation(rules.customers, indexDomains(rules.customers), { email: from });
  const lang = guessLanguage(
    `${parsed.subject}\n${parsed.text}`,
    rules.desk.languages,
    organisation.organisation?.language,
  );
  // What the customer's own mails show back (acknowledgement, replies): as short as the issue's title and
  // requester line, never a 5,000-character subject or name.
  const title = cut(normaliseSubject(parsed.subject).subject, titleMaxLength);
  const name = cut(parsed.from?.name ?? '', 100);
  // Everyone the customer wrote to, but us: a customer's own `support@their-company` stays a CC.
  const cc = [
    ...new Set(
      [...parsed.to, ...parsed.cc]
        .map((address) => address.address)
        .filter((address) => address !== from && !isOurAddress(address, rules.desk.mail.address)),
    ),
  ];
  const outcome = await bot.inbox.accept(
    {
      source: 'email',
      dedupeKey: message.dedupeKey,
      payload: { mailId: message.id, ...(linkedRef ? { linkedRef } : {}) },
      now: context.now,
    },
    async (inboxId) => {
      const ref = newReference();
      await bot.refs.add({ ref, inboxId, lang, createdAt: context.now });
      await bot.mail.mailStore.saveThread({ ref, requester: from, name, cc, lang, title });
      if (parsed.messageId)
        await bot.mail.mailStore.rememberMessageId(parsed.messageId, ref, 'in', context.now);
      const create: CreateEmailTicketPayload = {
        ref,
        mailId: message.id,
        ...(linkedRef ? { linkedRef } : {}),
      };
      await bot.jobs.enqueue(createEmailTicketJobKind, create, context.now);
      await queueAcknowledgement(bot, {
        ref,
        lang,
        address: from,
        name,
        title,
        text: `${title}\n${parsed.newText || parsed.text}`,
        automated: robot.automated,
        now: context.now,
      });
      await bot.mail.mailStore.markDone(message.id, ref);
      return { ref };
    },
  );
  context.log.info('inbound mail opened a ticket', {
    mailId: message.id,
    ref: outcome.result.ref,
    automated: robot.automated,
    linked: linkedRef !== undefined,
  });
  return { status: 'done', note: `ticket ${outcome.result.ref}` };
}

/**
 * How long one automatic-reply note covers a ticket. An absence usually lasts days to a couple of weeks,
 * Exchange answers each sender once per absence and Gmail's vacation responder at most every 4 days:
 * a week keeps one note per absence however many replies agents send meanwhile, and a new absence a week
 * later is noted again.
 */
const autoReplyNoteWindowMs = 7 * 24 * 60 * 60 * 1000;

async function addAutoReplyNote(
  bot: BotContext,
  message: InboundMessage,
  parsed: ParsedMail,
  ref: string,
  context: JobRunContext,
): Promise<JobOutcome> {
  const found = await issueOfRef(bot, ref);
  if (found === undefined)
    return { status: 'defer', until: context.now + 30_000, reason: 'issue not created yet' };
  const { number, tracker } = found;
  // The note of this window, if any (ours, found by its marker: a retried job finds its own too).
  const since = new Date(context.now - autoReplyNoteWindowMs).toISOString();
  const noted = (await tracker.listComments(number, { since })).some((comment) =>
    comment.body.includes(autoReplyNoteMarker),
  );
  if (!noted) {
    const budget = await bot.budget.take(context.now);
    if (!budget.granted) return { status: 'defer', until: budget.retryAt, reason: 'write budget' };
    const body = renderAutoReplyNote({
      dedupeKey: message.dedupeKey,
      text: parsed.newText || parsed.text,
      lang: bot.rules.current.desk.languages[0] ?? 'en',
    });
    await tracker.createComment(number, body);
  }
  context.log.info(noted ? 'automatic reply: ticket already noted in this window' : 'automatic reply noted', {
    mailId: message.id,
    issue: number,
  });
  return {
    status: 'done',
    note: noted ? 'automatic reply already noted' : 'automatic reply noted',
    recordEffect: async () => {
      await bot.mail.mailStore.markDone(message.id, ref);
      if (parsed.messageId)
        await bot.mail.mailStore.rememberMessageId(parsed.messageId, ref, 'in', context.now);
    },
  };
}

/**
 * The ticket a bounce is about: the bounced mail's Message-ID (ours carries the ticket), else one of our
 * signed tokens quoted in the report, else a `[#ref]` it quotes when a failed address is on that ticket.
 */
async function bouncedTicket(
  bot: BotContext,
  bounce: NonNullable<RobotCheck['bounce']>,
): Promise<string | undefined> {
  if (bounce.originalMessageId) {
    const ref = await bot.mail.mailStore.refOfMessageId(bounce.originalMessageId);
    if (ref) return ref;
  }
  const text = bounce.text ?? '';
  if (text === '') return undefined;
  const address = bot.rules.current.desk.mail.address;
  const ids = [...text.matchAll(/<([^<>\s@]+@[^<>\s]+)>/g)].map((found) => found[1] ?? '');
  const recipients = [...text.matchAll(/[^\s<>"'():;,]+@[^\s<>"'():;,]+/g)].map((found) => found[0]);
  for (const token of tokensIn({ recipients, messageIds: ids, address })) {
    const ref = verifyThreadToken(token, bot.mail.threadSecret);
    const canonical = ref === undefined ? undefined : parseReference(ref);
    if (canonical && (await bot.refs.get(canonical))) return canonical;
  }
  for (const found of text.matchAll(/\[#(RD-[0-9A-Za-z]{4}-[0-9A-Za-z]{4})\]/g)) {
    const canonical = parseReference(found[1] ?? '');
    const requester = canonical === undefined ? undefined : await requesterOf(bot, canonical);
    if (
      canonical &&
      requester &&
      bounce.failedRecipients.some((failed) => failed === requester.email || requester.cc.includes(failed))
    )
      return canonical;
  }
  return undefined;
}

async function handleBounce(
  bot: BotContext,
  message: InboundMessage,
  robot: RobotCheck,
  context: JobRunContext,
): Promise<JobOutcome> {
  const bounce = robot.bounce;
  const ref = bounce ? await bouncedTicket(bot, bounce) : undefined;
  // Only the ticket's own addresses are marked: a report naming others changes nothing for them.
  const people = ref === undefined ? undefined : await requesterOf(bot, ref);
  const failed = (bounce?.failedRecipients ?? []).filter(
    (address) => people !== undefined && (address === people.email || people.cc.includes(address)),
  );
  if (ref) await recordUndeliverable(bot, ref, failed, context.now);
  context.log.info('bounce recorded', {
    mailId: message.id,
    ref,
    failed: failed.length,
    shape: robot.reasons.includes('bounce-text') ? 'text' : 'dsn',
  });
  await bot.mail.mailStore.markDone(message.id, ref);
  return { status: 'done', note: 'bounce' };
}

/**
 * Why a message from a known sender is held, or undefined. An agent's `/spam` on the address (the store)
 * comes first: a later, narrower decision than any list of rules/desk.yaml, and `repodesk mail unblock`
 * lifts it. Then desk.yaml's lists: a blocked sender or domain is held; an allowed one passes whatever
 * the receiving server's spam filter said. Held mail is never answered.
 */
async function screenSender(
  bot: BotContext,
  mailId: number,
  mail: ParsedMail,
  log: JobRunContext['log'],
): Promise<{ reason: string; detail: string } | undefined> {
  const release = `"repodesk mail release ${mailId}" makes its ticket`;
  const address = mail.from?.address ?? '';
  const settings = bot.rules.current.desk.mail;
  if (await bot.mail.blockedSenders.isBlocked(address))
    return {
      reason: 'blocked-sender',
      detail: `the sender was marked as spam (/spam); "repodesk mail unblock <address>" lifts it, ${release}`,
    };
  const rule = senderRule(address, settings);
  const where = rule && `rules/desk.yaml mail.${rule.list}[${rule.index}] "${rule.entry}"`;
  if (rule?.verdict === 'blocked')
    return {
      reason: 'blocked-by-rules',
      detail: `the sender is blocked by ${where}; ${release}`,
    };
  const verdict = spamVerdict(mail, settings.spam);
  if (verdict && rule?.verdict === 'allowed') {
    // The rule by its place only: its entry is an address or a domain.
    log.info('spam verdict ignored: sender allowed', {
      header: verdict.header,
      rule: `mail.${rule.list}[${rule.index}]`,
    });
    return undefined;
  }
  if (verdict)
    return {
      reason: 'spam-verdict',
      detail: `spam verdict of the receiving server: ${verdict.header}: ${verdict.value}; ${release}`,
    };
  return undefined;
}

/** The job that processes one stored inbound message. */
export const processInboundJobKind = 'mail-inbound';

export interface ProcessInboundPayload {
  mailId: number;
  /** Released from quarantine by an operator: the sender's blocks and the spam verdict no longer hold it. */
  released?: boolean;
}

export function processInboundJob(bot: BotContext): JobKind {
  return {
    kind: processInboundJobKind,
    usesTracker: true,
    async run(job, context) {
      const { mailId, released = false } = job.payload as ProcessInboundPayload;
      const message = await bot.mail.mailStore.getInbound(mailId);
      if (!message || message.state !== 'queued') return { status: 'done', note: 'nothing to do' };
      const log = context.log.child({ mailId });
      if (message.size > message.raw.byteLength) {
        // Only its head was fetched from the mailbox: too large to parse, enough to tell the sender.
        const detail = `message is ${message.size} bytes; the limit is ${bot.mail.config.parseLimits.maxBytes} bytes; only its first ${message.raw.byteLength} bytes were fetched, the whole message stays in the mailbox`;
        return quarantine(bot, message, 'too-large', detail, context.now, log);
      }
      const parsed = await parseMessage(message.raw, bot.mail.config.parseLimits);
      if (!parsed.ok) return quarantine(bot, message, parsed.reason, parsed.detail, context.now, log);
      const desk = bot.rules.current.desk;
      const robot = robotCheck(parsed.mail, { address: desk.mail.address, loopId: desk.mail.address });
      if (robot.bounce) return handleBounce(bot, message, robot, { ...context, log });
      // Our own mail coming back (a forwarding loop) is never a ticket; another robot's X-Loop only
      // silences the acknowledgement (robot.automated).
      if (robot.reasons.includes('our-loop') || robot.reasons.includes('our-address')) {
        await bot.mail.mailStore.markDone(message.id, undefined);
        log.info('own mail looped back; dropped', { reasons: robot.reasons });
        return { status: 'done', note: 'loop' };
      }
      if (!parsed.mail.from)
        return quarantine(
          bot,
          message,
          'no-sender',
          'the message has no usable address in From, Reply-To or Sender',
          context.now,
          log,
        );
      // A message an operator released (`repodesk mail release`) is not screened again.
      const held = released ? undefined : await screenSender(bot, message.id, parsed.mail, log);
      if (held) return quarantine(bot, message, held.reason, held.detail, context.now, log);
      const threaded = await decideThread(bot, parsed.mail, context.now);
      // An automatic reply (out of office) is not the customer answering: on its ticket, even a closed
      // one, it is at most one internal note; it reopens nothing and opens no ticket.
      const repliedTo = threaded.kind === 'comment' ? threaded.ref : threaded.linkedRef;
      if (robot.autoReply && repliedTo !== undefined)
        return addAutoReplyNote(bot, message, parsed.mail, repliedTo, { ...context, log });
      // Other robots' mail (a list, another helpdesk) is kept on its ticket but moves nothing.
      const decision: ThreadDecision =
        threaded.kind === 'comment' && robot.automated
          ? { ...threaded, setStatus: undefined, reopen: false }
          : threaded;
      if (decision.kind === 'comment')
        return addCustomerComment(bot, message, parsed.mail, decision, job.attempts, {
          ...context,
          log,
        });
      if (decision.rejectedTokens > 0)
        log.warn('thread token did not verify; opening a new ticket', { rejected: decision.rejectedTokens });
      return openTicket(bot, message, parsed.mail, robot, decision.linkedRef, { ...context, log });
    },
  };
}
