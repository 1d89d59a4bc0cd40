// Every text the bot writes to customers and agents, in English: the same areas, keys and parameters as
// fr.ts (each area is typed by its French one, so a missing or extra key, or another parameter, fails tsc).

import type * as fr from './fr.ts';

export const formErrors: typeof fr.formErrors = {
  required: (label) => `${label}: this field is required.`,
  tooLong: (label, limit, found) => `${label}: at most ${limit} characters (you entered ${found}).`,
  tooShort: (label, limit) => `${label}: at least ${limit} characters.`,
  text: (label) => `${label}: a text is expected.`,
  email: (label) => `${label}: this address is not valid (example: name@example.com).`,
  addressCharacter: (label, character, position) =>
    `${label}: the address contains ${character} at position ${position}, which is invisible or not allowed in an address. Type the address instead of pasting it.`,
  addressIp: (label, domain) =>
    `${label}: the domain "${domain}" is an IP address; give a domain name (example: name@example.com).`,
  characterKinds: {
    control: 'control character',
    surrogate: 'lone surrogate',
    'private-use': 'private-use character',
    unassigned: 'unassigned code point',
    invisible: 'invisible character',
  },
  choose: (label, options) => `${label}: choose one of the options offered (${options}).`,
  duplicate: (label) => `${label}: an option is chosen twice.`,
  tick: (label, option) => `${label}: tick "${option}".`,
  tickOne: (label) => `${label}: tick at least one box.`,
  boxes: (label, count) => `${label}: ${count} boxes expected (one true or false per box).`,
  unknownField: (id) => `The field "${id}" does not exist in this form.`,
  wrongForm: (expected) => `This form is not "${expected}". Reload the page.`,
  missingForm: (known) => `Form: no form named (field "form"); existing forms: ${known}.`,
  unknownForm: (found, known) =>
    `Form: "${found}" does not exist; existing forms: ${known}. Reload the page.`,
  wrongLang: (expected) => `The form's language should be "${expected}". Reload the page.`,
  technical: (key) => `Technical value "${key}" is missing or invalid. Reload the page and try again.`,
  requester: { name: 'Name', email: 'Email address', organisation: 'Organisation', phone: 'Phone' },
  attachments: {
    notOffered: 'This form does not take attachments. Reload the page.',
    tooMany: (limit, found) =>
      `Attachments: at most ${limit} files per request (you attached ${found}). Remove some.`,
    duplicate: 'Attachments: the same file is attached twice. Remove one.',
    unknown: (position) =>
      `Attachments: file no. ${position} is unknown to the service. Remove it and add it again.`,
    gone: (name, position, hours) =>
      `${name === undefined ? `Attachments: file no. ${position}` : `${name}: this file`} is no longer on the service (a file not sent with a request is deleted after ${hours} hours). Remove it and add it again.`,
  },
};

export const uploads: typeof fr.uploads = {
  units: { bytes: 'B', kilobytes: 'KB', megabytes: 'MB' },
  unsafeContent: (name, entry) =>
    `${name}: this document holds a program, a script or a macro (${entry}); save it without them, or send a PDF.`,
  zipBomb: (name, part, size, maxRatio) =>
    `${name}: its part ${part} would unpack to ${size}, over ${maxRatio} times its size, like a zip bomb; save the document again, or send a PDF.`,
  unpackedTooLarge: (name, size, limit) =>
    `${name}: unpacked, this document would take ${size}; the limit is ${limit}. Save it again, or send a PDF.`,
  tooLarge: (name, limit) => `${name}: file too large; the limit is ${limit} per file.`,
  tooMany: (name, maxFiles) => `${name}: at most ${maxFiles} files per request.`,
  empty: (name) => `${name}: the file is empty.`,
  typeNotAllowed: (name) =>
    `${name}: this type of file is not accepted; send an image, a PDF, a text, a CSV or an office document.`,
  quota: (limit) =>
    `The service already holds too many files not yet sent with a request (limit: ${limit}); try again in a few minutes.`,
  diskFull: 'The service cannot store files at the moment (its disk is full); try again in a few minutes.',
};

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
