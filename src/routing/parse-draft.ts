// Reads a ticket draft given as JSON (by `repodesk route`, by scripts): fills the optional parts with
// defaults and reports every problem with its path, what was expected and what was found.

import { channels, type Channel, type Rules } from '../rules/types.ts';
import type { TicketDraft } from '../tickets/types.ts';

export type ParsedDraft = { draft: TicketDraft; errors: [] } | { draft?: undefined; errors: string[] };

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Checks `value` as a `TicketDraft`. Defaults: channel `web` with a form, else `email`; empty subject,
 * body, fields and labels; the desk's first language; an empty requester; no attachments.
 */
export function parseDraft(value: unknown, rules: Rules): ParsedDraft {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { errors: [`draft: expected an object, found ${kind(value)}`] };
  }
  const input = value as Record<string, unknown>;
  const errors: string[] = [];
  const known = new Set([
    'channel',
    'form',
    'subject',
    'body',
    'requester',
    'language',
    'fields',
    'labels',
    'cc',
    'sender',
    'attachments',
    'alert',
  ]);
  for (const key of Object.keys(input)) {
    if (!known.has(key))
      errors.push(`draft.${key}: unknown property; expected one of ${[...known].join(', ')}`);
  }

  const text = (key: 'subject' | 'body' | 'language' | 'form'): string | undefined => {
    const found = input[key];
    if (found === undefined) return undefined;
    if (typeof found === 'string') return found;
    errors.push(`draft.${key}: expected a string, found ${kind(found)}`);
    return undefined;
  };

  const form = text('form');
  const forms = Object.keys(rules.forms);
  if (form !== undefined && !rules.forms[form]) {
    errors.push(
      `draft.form: unknown form ${JSON.stringify(form)}; known forms: ${forms.join(', ') || '(none)'}`,
    );
  }
  let channel: Channel = form === undefined ? 'email' : 'web';
  if (input.channel !== undefined) {
    if ((channels as readonly unknown[]).includes(input.channel)) channel = input.channel as Channel;
    else errors.push(`draft.channel: expected one of ${channels.join(', ')}, found ${kind(input.channel)}`);
  }
  const language = text('language') ?? rules.desk.languages[0] ?? 'en';
  const subject = text('subject') ?? '';
  const body = text('body') ?? '';

  const requester: TicketDraft['requester'] = { name: '', email: '' };
  if (input.requester !== undefined) {
    const given = input.requester;
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      errors.push(
        `draft.requester: expected an object { name, email, organisation?, phone? }, found ${kind(given)}`,
      );
    } else {
      for (const [key, found] of Object.entries(given as Record<string, unknown>)) {
        if (!['name', 'email', 'organisation', 'phone'].includes(key)) {
          errors.push(
            `draft.requester.${key}: unknown property; expected name, email, organisation or phone`,
          );
        } else if (typeof found !== 'string') {
          errors.push(`draft.requester.${key}: expected a string, found ${kind(found)}`);
        } else {
          requester[key as 'name'] = found;
        }
      }
    }
  }

  const fields: TicketDraft['fields'] = {};
  if (input.fields !== undefined) {
    if (input.fields === null || typeof input.fields !== 'object' || Array.isArray(input.fields)) {
      errors.push(
        `draft.fields: expected an object of field id → text or list of texts, found ${kind(input.fields)}`,
      );
    } else {
      for (const [id, found] of Object.entries(input.fields as Record<string, unknown>)) {
        if (typeof found === 'string' || isStringList(found)) fields[id] = found;
        else errors.push(`draft.fields.${id}: expected a string or a list of strings, found ${kind(found)}`);
      }
    }
  }

  const list = (key: 'labels' | 'cc'): string[] | undefined => {
    const found = input[key];
    if (found === undefined) return undefined;
    if (isStringList(found)) return found;
    errors.push(`draft.${key}: expected a list of strings, found ${kind(found)}`);
    return undefined;
  };
  let sender: TicketDraft['sender'];
  if (input.sender !== undefined) {
    if (input.sender === 'verified' || input.sender === 'unverified') sender = input.sender;
    else errors.push(`draft.sender: expected "verified" or "unverified", found ${kind(input.sender)}`);
  }
  const attachments = input.attachments;
  if (attachments !== undefined && !(Number.isInteger(attachments) && (attachments as number) >= 0))
    errors.push(
      `draft.attachments: expected the number of files sent with the request (0, 1, 2…), found ${kind(attachments)}`,
    );
  let alert: TicketDraft['alert'];
  if (input.alert !== undefined) {
    const given = input.alert as Record<string, unknown> | null;
    const labelsGiven = given?.labels ?? {};
    const severityGiven = given?.severity;
    if (given === null || typeof given !== 'object' || Array.isArray(given)) {
      errors.push(`draft.alert: expected an object { severity?, labels? }, found ${kind(given)}`);
    } else if (
      labelsGiven === null ||
      typeof labelsGiven !== 'object' ||
      Array.isArray(labelsGiven) ||
      !Object.values(labelsGiven).every((value) => typeof value === 'string')
    ) {
      errors.push(`draft.alert.labels: expected an object of label name → text, found ${kind(labelsGiven)}`);
    } else if (severityGiven !== undefined && typeof severityGiven !== 'string') {
      errors.push(`draft.alert.severity: expected a string, found ${kind(severityGiven)}`);
    } else {
      alert = {
        labels: labelsGiven as Record<string, string>,
        ...(severityGiven !== undefined ? { severity: severityGiven } : {}),
      };
    }
  }
  const labels = list('labels') ?? [];
  const cc = list('cc');

  if (errors.length > 0) return { errors };
  return {
    draft: {
      channel,
      ...(form !== undefined ? { form } : {}),
      subject,
      body,
      requester,
      language,
      fields,
      labels,
      ...(cc !== undefined ? { cc } : {}),
      ...(sender !== undefined ? { sender } : {}),
      ...(typeof attachments === 'number' && attachments > 0 ? { attachments } : {}),
      ...(alert !== undefined ? { alert } : {}),
    },
    errors: [],
  };
}
