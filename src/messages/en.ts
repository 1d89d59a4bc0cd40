// Every text the bot writes to customers and agents, in English: the same areas, keys and parameters as
// fr.ts (each area is typed by its French one, so a missing or extra key, or another parameter, fails tsc).

import type * as fr from './fr.ts';

export const uploadRoute: typeof fr.uploadRoute = {
  noFile: 'No file received.',
};

export const submission: typeof fr.submission = {
  antiRobot: 'Missing or invalid anti-robot check.',
  alreadySent: 'This request was already sent with other content; reload the form to send a new one.',
};

export const attachments: typeof fr.attachments = {
  kinds: {
    png: 'PNG image',
    jpeg: 'JPEG image',
    gif: 'GIF image',
    webp: 'WebP image',
    pdf: 'PDF',
    docx: 'Word',
    xlsx: 'Excel',
    odt: 'OpenDocument',
    csv: 'CSV',
    text: 'text',
  },
  refusals: {
    'type-not-allowed': 'type of file not accepted',
    'too-large': 'file too large',
    'too-many': 'too many files',
    empty: 'empty file',
    'unsafe-content': 'holds a program, a script or a macro',
    'unpacked-too-large': 'too large once unpacked',
  },
};

export const issueBody: typeof fr.issueBody = {
  colon: ':',
  requester: 'Requester',
  channel: 'Channel',
  language: 'Language',
  reference: 'Reference',
  noResponse: '_No response_',
  message: 'Message',
  subject: 'Subject',
  attachments: 'Attachments',
  notKept: 'not kept',
  declared: 'declared organisation',
  notVerified: (organisation, why) =>
    `**Sender not verified:** the address's domain is ${organisation}'s, but ${
      why === 'form'
        ? 'an address typed into a form proves nothing'
        : 'no authentication result of our mail server vouches for it'
    }; the request is handled as an unknown customer's (no organisation, no service tier).`,
  channels: {
    web: 'web form',
    email: 'email',
    github: 'GitHub',
    alert: 'monitoring alert',
    phone: 'phone call',
  },
  truncated: (ref) =>
    `_Text truncated at GitHub's limit: the full text is kept by repodesk, reference ${ref}._`,
  follows: 'Follows request',
  senderFrom: (header, from) =>
    `**Requester's address read from ${header}**: the From header ("${from}") gave no usable one first.`,
  forAgent: 'For the agent',
  publishedArticles: 'Published articles that might answer',
  internalArticles: 'Internal articles',
  playbook: (name) => `Playbook: ${name}`,
};

export const ticketTitle: typeof fr.ticketTitle = {
  noSubject: '(no subject)',
};

export const customerComment: typeof fr.customerComment = {
  original: 'Full message',
  attachments: 'Attachments',
  refused: 'not kept',
  empty: '_Message without text_',
  notVerified:
    '**Sender not verified**: only the reference in the subject ties this message to the ticket, and no authentication result of our mail server vouches for the sender’s address.',
};

export const autoReplyNote: typeof fr.autoReplyNote = {
  heading: 'Automatic reply from the requester',
  nothing: 'The ticket keeps its status and nothing was answered.',
  empty: '_Message without text_',
};

export const attachedMessages: typeof fr.attachedMessages = {
  heading: 'Attached message',
  from: 'From',
  date: 'Date',
  subject: 'Subject',
  colon: ':',
};

export const mail: typeof fr.mail = {
  suggestionsHeading: 'These articles might already answer your question:',
  suggestion: (title, url) => `- ${title}: ${url}`,
  sizeLimit: (megabytes) => `${megabytes} MB`,
  surveyHeading: 'Are you satisfied with our answer? One click is enough:',
  surveyGood: 'Yes, satisfied',
  surveyBad: 'No, not satisfied',
  surveyLink: (label, url) => `- ${label}: ${url}`,
};

export const autoReplyComment: typeof fr.autoReplyComment = {
  statusUrl: '[personal follow-up link, sent by email]',
};

export const lifecycleNotices: typeof fr.lifecycleNotices = {
  reminder:
    'Hello,\n\nWe are waiting for your reply about your request {{ticket.ref}} "{{ticket.title}}". Without news from you, we will close it soon.\n\n{{desk.name}}',
  close:
    'Hello,\n\nAs we have not heard back from you, we have closed your request {{ticket.ref}} "{{ticket.title}}". Reply to this message to reopen it.\n\n{{desk.name}}',
};

export const escalation: typeof fr.escalation = {
  clocks: { firstResponse: 'first response', nextResponse: 'next response', resolution: 'resolution' },
  note: (contact, policy, clock, target, percent, due, overdue) =>
    `@${contact} SLA **${policy}**: the ${clock} target (${target}) is at ${percent}% ` +
    `(due ${due}${overdue === undefined ? '' : `, ${overdue} overdue`}). This ticket needs attention.`,
};

export const slaStatus: typeof fr.slaStatus = {
  heading: 'SLA:',
  due: (clock, when) => `${clock} by ${when}`,
  met: (clock) => `${clock} met`,
  metLate: (clock) => `${clock} met late`,
  paused: (clock) => `${clock} paused`,
  breached: (clock, when) => `${clock} breached (due ${when})`,
  timezone: (zone) => `(${zone} time)`,
  locale: 'en-GB',
};

export const commands: typeof fr.commands = {
  reply: {
    help: 'answers the customer by mail (free text, or a canned reply followed by text); the ticket goes pending',
    unknownId: (given: string, closest: string | undefined, known: string) =>
      `\`/reply\`: "${given}" is not a canned reply of rules/replies/; nothing was sent.` +
      (closest ? ` Did you mean \`${closest}\`?` : '') +
      ` Canned replies: ${known}. To send that word as it is, write it on the line below \`/reply\`.`,
    unknownVariable: (given: string, closest: string | undefined, known: string) =>
      `\`/reply\`: the variable \`{{${given}}}\` does not exist; nothing was sent.` +
      (closest ? ` Did you mean \`{{${closest}}}\`?` : '') +
      ` Variables: ${known}.`,
    heldReplied: (by: string, at: string) =>
      `\`/reply\`: \`@${by}\` already replied to the customer since their last message (${at}); `,
    heldTook: (by: string, at: string) => `\`/reply\`: \`@${by}\` took this ticket (${at}); `,
    held: 'your reply is held and nothing was sent. Write `/send` to send it anyway, or `/drop` to drop it.',
    filesRefused: (list: string) => `\`/reply\`: files not attached to the mail: ${list}.`,
    fileRefused: (name: string, why: string) => `"${name}" (${why})`,
    fileReasons: {
      'too-large': 'too large for a mail',
      missing: 'not found on GitHub',
      type: 'file type not accepted',
      'too-many': 'too many files for a mail',
    },
  },
  send: {
    name: '`/send`: ',
    help: 'sends anyway the latest reply held because another agent had replied or taken the ticket',
    usage: '`/send` takes nothing on its line; nothing was sent.',
    nothingHeld: 'no reply is held on this ticket; nothing was sent.',
    alreadySent: (by: string, at: string) =>
      `the held reply was already sent (by \`@${by}\`, ${at}); nothing was sent again.`,
    alreadyDropped: (by: string, at: string) =>
      `the held reply was dropped (by \`@${by}\`, ${at}); nothing was sent.`,
  },
  drop: {
    name: '`/drop`: ',
    help: 'drops the latest held reply (it will never be sent)',
    usage: '`/drop` takes nothing on its line; nothing changed.',
    nothingHeld: 'no reply is held on this ticket; nothing changed.',
    alreadySent: (by: string, at: string) =>
      `the held reply was already sent (by \`@${by}\`, ${at}); it can no longer be dropped.`,
    alreadyDropped: (by: string, at: string) =>
      `the held reply was already dropped (by \`@${by}\`, ${at}); nothing changed.`,
  },
  note: { help: 'internal note, for agents only (as any comment without a command)' },
  status: {
    help: 'changes the ticket’s status (the customer is not told), e.g. `/status on-hold`',
    unknown: (given: string, known: string) =>
      `\`/status\`: ${given === '' ? 'no status given' : `unknown status "${given}"`}; nothing changed. ` +
      `Known statuses (rules/desk.yaml): ${known}. Example: \`/status on-hold\`.`,
  },
  priority: {
    help: 'changes the ticket’s priority (the customer is not told), e.g. `/priority high`',
    unknown: (given: string, known: string) =>
      `\`/priority\`: ${given === '' ? 'no priority given' : `unknown priority "${given}"`}; nothing changed. ` +
      `Known priorities (rules/desk.yaml): ${known}. Example: \`/priority high\`.`,
  },
  type: {
    help: 'changes the ticket’s type (the customer is not told), e.g. `/type question`',
    unknown: (given: string, known: string) =>
      `\`/type\`: ${given === '' ? 'no type given' : `unknown type "${given}"`}; nothing changed. ` +
      `Known types (rules/desk.yaml): ${known}. Example: \`/type question\`.`,
  },
  assign: {
    name: '`/assign`: ',
    help: 'gives the ticket to a teams.yaml agent (sole assignee), e.g. `/assign @camille-durand` or `/assign me`',
    missing: 'to whom? Write `/assign @login` or `/assign me`',
    unknown: (login: string, closest: string | undefined, known: string) =>
      `"${login}" is not an agent of rules/teams.yaml; nothing changed.` +
      (closest ? ` Did you mean \`@${closest}\`?` : '') +
      ` Agents: ${known}.`,
    nothing: 'nothing changed.',
  },
  take: { help: 'takes the ticket for yourself (sole assignee), as `/assign me`' },
  cc: {
    name: '`/cc`: ',
    help: 'adds or removes someone in copy of the ticket’s mail, e.g. `/cc add paul@example.org`',
    usage: 'write `/cc add <address>` or `/cc remove <address>`; nothing changed.',
    notAddress: (given) => `"${given}" is not an email address; nothing changed.`,
    noRequester: 'this ticket has no requester to write to, so no copies; nothing changed.',
    isRequester: (address: string) => `${address} is the requester; nothing changed.`,
    notInCopy: (address: string) => `${address} is not in copy; nothing changed.`,
    copies: (copies: string) => `in copy now: ${copies}.`,
    nobody: 'nobody',
  },
  requester: {
    name: '`/requester`: ',
    help: 'gives the ticket its requester (acknowledgement and replies by mail), e.g. `/requester marie@example.org Marie Curie`',
    usage: 'write `/requester <address> [name]`; nothing changed.',
    notAddress: (given) => `"${given}" is not an email address; nothing changed.`,
    set: (who: string) => `the requester is now ${who}; \`/reply\` writes to them.`,
    acknowledged: ' An acknowledgement is sent to them.',
  },
  merge: {
    name: '`/merge`: ',
    help: 'merges this ticket into #N (a duplicate): the customer thread continues on #N, this ticket is closed, e.g. `/merge #42`',
    usage: 'write `/merge #<number>`; nothing changed.',
    otherRepository: (given: string) =>
      `${given} is in another repository: tickets merge only within this one; nothing changed.`,
    itself: 'a ticket cannot be merged into itself; nothing changed.',
    missing: (number: number) =>
      `#${number} does not exist in this repository; check the number; nothing changed.`,
    targetMerged: (number: number, into: number | undefined) =>
      `#${number} is itself merged${into === undefined ? '' : ` into #${into}`}; merge into the ticket that kept it instead; nothing changed.`,
    alreadyMerged: (into: number) =>
      `this ticket is already merged into #${into}; \`/unmerge\` first; nothing changed.`,
    merged: (number: number) =>
      `ticket merged into #${number} and closed as a duplicate: the customer's replies by mail, their reference and their follow link now lead to #${number}.`,
    labels: (labels: string) => ` Labels carried over to the target: ${labels}.`,
    otherRequester: (address: string, number: number) =>
      ` This ticket's requester (${address}) is not #${number}'s: they are added there as a separate recipient and get only the public replies sent from now on, never the other requester's earlier thread.`,
    undo: ' `/unmerge` undoes it until the end of the day.',
    target: (source: number) => `#${source} was merged into this ticket.`,
    targetRequester: (address: string) =>
      ` Its requester (${address}) now also gets this ticket's public replies, in a separate mail; they did not get the earlier thread.`,
    targetFiles: (count: number) =>
      ` Its files (${count}) are listed in the description, under “Files of merged tickets”.`,
    filesHeading: '**Files of merged tickets**',
  },
  unmerge: {
    name: '`/unmerge`: ',
    help: 'undoes this ticket’s `/merge` on the same day: it is reopened and its customer thread is its own again',
    usage: 'write `/unmerge` alone; nothing changed.',
    notMerged: 'this ticket is not merged into another; nothing changed.',
    tooLate: (day: string) =>
      `too late: the merge was on ${day} and can be undone only that day; reopen this ticket and answer the customer from the target; nothing changed.`,
    done: (number: number) =>
      `merge into #${number} undone: this ticket is open again, and the customer's replies by mail come back here.`,
    target: (source: number) =>
      `the merge of #${source} into this ticket is undone: its requester no longer gets this ticket's replies.`,
  },
  link: {
    name: '`/link`: ',
    help: 'makes #N the master of this ticket (a problem, a major incident): #N lists its linked tickets, e.g. `/link #7`',
    usage: 'write `/link #<number>`; nothing changed.',
    otherRepository: (given: string) =>
      `${given} is in another repository: tickets link only within this one; nothing changed.`,
    itself: 'a ticket cannot be its own master; nothing changed.',
    missing: (number: number) =>
      `#${number} does not exist in this repository; check the number; nothing changed.`,
    linked: (number: number) =>
      `#${number} is now this ticket's master and lists it; \`/reply-all\` on #${number} writes to its requester, \`/resolve-all\` resolves it.`,
    heading: '**Tickets liés · Linked tickets**',
  },
  unlink: {
    name: '`/unlink`: ',
    help: 'takes this ticket off the list of its master #N, e.g. `/unlink #7`',
    usage: 'write `/unlink #<number>`; nothing changed.',
    notLinked: (number: number) => `this ticket is not linked to #${number}; nothing changed.`,
    unlinked: (number: number) => `this ticket is no longer linked to #${number}, which no longer lists it.`,
  },
  replyAll: {
    name: '`/reply-all`: ',
    help: 'on a master ticket, sends the same reply to the requester of every linked ticket, once each, e.g. `/reply-all The service is back.`',
    usage: 'write `/reply-all <text>` or `/reply-all <canned-id>`; nothing was sent.',
    noChildren: 'no ticket is linked to this one (`/link #N` on each); nothing was sent.',
    sent: (tickets: string) => `reply sent to the requester of ${tickets}, once each.`,
    noRequester: (tickets: string) => ` No requester, nothing sent for ${tickets}.`,
    nobody: 'no linked ticket has a requester; nothing was sent.',
  },
  resolveAll: {
    name: '`/resolve-all`: ',
    help: 'on a master ticket, resolves every open linked ticket, with the reply written after it (one mail each), e.g. `/resolve-all The service is back.`',
    noChildren: 'no ticket is linked to this one (`/link #N` on each); nothing changed.',
    noneOpen: 'no linked ticket is open; nothing changed.',
    resolved: (tickets: string) => `linked tickets resolved: ${tickets}.`,
    mailed: ' Their requesters got the reply.',
    more: (count: number) => ` ${count} more are still open: run \`/resolve-all\` again for them.`,
    child: (master: number) => `resolved with its master #${master}.`,
  },
  spam: {
    name: '`/spam`: ',
    help: 'closes the ticket as spam and quarantines its sender’s mail',
    usage: '`/spam` takes nothing on its line; nothing changed.',
    blocked: (address: string) =>
      `ticket closed as spam; mail from ${address} is quarantined without an answer until \`repodesk mail unblock ${address}\`.`,
    noSender: 'ticket closed as spam; it has no sender to block.',
  },
  snooze: {
    name: '`/snooze`: ',
    help: 'puts the ticket on hold until a date or for a while, in the desk’s time zone, then reopens it with a reminder, e.g. `/snooze 3d`, `/snooze 2026-12-24` or `/snooze monday 9:00`',
    usage: (found: string, zone: string) =>
      `${found ? `“${found}” is neither a duration nor a date` : 'until when is missing'}; write a duration (\`4h\`, \`3d\`), a date (\`2026-12-24\`, \`2026-12-24 14:00\`), a day (\`monday 9:00\`, \`tomorrow 14:30\`) or a time (\`14:00\`), in ${zone} time unless an offset is written (\`2026-12-24T14:00Z\`); nothing changed.`,
    past: (until: string) => `${until} is past; nothing changed.`,
    tooFar: 'one year at most; nothing changed.',
    closed: 'the ticket is closed; reopen it first (`/status open`); nothing changed.',
    snoozed: (until: string) =>
      `pending until ${until}; it will be reopened with a reminder, with no reminder to the customer nor automatic closing until then.`,
    wake: (until: string, login: string) =>
      `reminder: this ticket was pending until ${until} as @${login} asked; it is open again.`,
  },
  erase: {
    name: '`/erase`: ',
    help: 'erases the requester’s personal data from this ticket (GDPR): address, name, signature, attachments',
    usage: 'write `/erase` alone; nothing changed.',
    noRequester: 'this ticket has no requester repodesk knows (or it is already erased); nothing changed.',
    done:
      'the requester is erased from this ticket: their address, name, signature and links to their files are replaced by "[effacé · erased]" in the title, the description and the comments; repodesk forgot their address, copies, mail and the files they sent for this ticket. ' +
      'GitHub keeps the earlier text in the edit history ("edited" menu) of each text changed: delete each revision on github.com ("Delete revision from history") or ask GitHub Support. Their other tickets are unchanged (`repodesk privacy erase` for all).',
  },
  help: {
    help: 'lists the agents’ commands',
    title: 'Agent commands (on the first line of a comment):',
  },
  unknown: {
    note: (name: string, closest: string | undefined) =>
      `\`/${name}\` is not a command; nothing changed.` +
      (closest ? ` Did you mean \`/${closest}\`?` : '') +
      ' `/help` lists the commands.',
  },
};

export const alertTicket: typeof fr.alertTicket = {
  source: 'Source',
  severity: 'Severity',
  noSeverity: 'not given',
  fingerprint: 'Fingerprint',
  labels: 'Alert labels',
  links: 'Links',
  occurrences: (count: number, first: string, last: string) =>
    `**Occurrences:** ${count} (first ${first}, last ${last}, UTC)`,
  flapping: (firings: number, minutes: number) =>
    `**Flapping alert:** at least ${firings} firings within ${minutes} min; the ticket is neither resolved nor reopened at each change.`,
  resolvedNote: (at: string, resolves: boolean) =>
    `The monitoring system reports the alert resolved (${at} UTC).` +
    (resolves ? ' The ticket is now resolved; it reopens if the alert fires again.' : ''),
};

export const satisfaction: typeof fr.satisfaction = {
  good: 'satisfied',
  bad: 'not satisfied',
  confirmTitle: 'Your opinion of our answer',
  confirm: (ref, rating) => `Record your opinion of request ${ref}: ${rating}?`,
  confirmButton: 'Send my opinion',
  thanksTitle: 'Thank you for your opinion',
  thanks: (ref, rating) =>
    `Your opinion of request ${ref} is recorded: ${rating}. You may change it by clicking the other link of the mail.`,
  errorTitle: 'Survey link unusable',
  expired: (ref) =>
    `This survey link for request ${ref} has expired (it works for 30 days after the resolution mail). To tell us your opinion, simply reply to the mail.`,
  tampered:
    'This survey link is not valid: it may have been cut or changed. Copy it whole from the mail, or simply reply to the mail.',
  unknownRating: (given) =>
    `"${given}" is not an opinion: the link must end with /good or /bad. Copy it whole from the mail.`,
  unknownTicket: (ref) =>
    `Request ${ref} cannot be found. Copy the link whole from the mail, or simply reply to the mail.`,
  note: (rating, at) =>
    `**Customer satisfaction**: ${rating === 'good' ? '👍 satisfied' : '👎 not satisfied'} (rated ${at}, from the resolution mail's link).`,
  noteComment: 'Customer comment (on the help site):',
};

export const heldReplies: typeof fr.heldReplies = {
  heading: 'Held replies (two agents do not answer the same customer twice)',
  none: 'No held reply.',
  states: { held: 'held', sent: 'sent', dropped: 'dropped' },
  replied: (by: string) => `@${by} had already replied`,
  took: (by: string) => `@${by} had taken the ticket`,
  settled: (by: string, at: string) => `by @${by}, ${at}`,
};

export const phoneCall: typeof fr.phoneCall = {
  heading: '**Phone call**: the requester is not recorded and no email was sent, because:',
  notAddress: (section: string, found: string) =>
    `"${section}": "${found}" is not an email address; expected an address like marie.curie@example.org.`,
  badPhone: (section: string, found: string) =>
    `"${section}": "${found}" is not a phone number; expected digits, spaces and + ( ) . - / (40 characters at most).`,
  badName: (section: string, found: string) =>
    `"${section}": "${found}" holds characters refused in a name (< > @ or control characters).`,
  fix: 'To fix it: `/requester <address> [name]` records the requester and sends them the acknowledgement.',
};
