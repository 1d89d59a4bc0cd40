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
  channels: { web: 'web form', email: 'email', github: 'GitHub', api: 'API' },
  truncated: (ref) =>
    `_Text truncated at GitHub's limit: the full text is kept by repodesk, reference ${ref}._`,
  follows: 'Follows request',
  senderFrom: (header, from) =>
    `**Requester's address read from ${header}**: the From header ("${from}") gave no usable one first.`,
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
