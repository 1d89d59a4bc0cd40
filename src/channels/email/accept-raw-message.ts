// The one door every inbound mail goes through, whatever brought it (MTA pipe, provider webhook, IMAP):
// the raw bytes are stored durably under a dedupe key before anything else happens, and processing is
// queued in the same transaction. Only then may the source be told "accepted" (2xx, IMAP flag).
// The same message arriving twice (by IMAP and by webhook, or a provider retry) is stored once.

import { createHash } from 'node:crypto';
import { crashPoint } from '../../config/crash-point.ts';
import type { MailStore } from '../../store/mail-store.ts';
import type { InboundProviderName } from './inbound/index.ts';

/** Where a raw message came from. */
export type InboundSource = InboundProviderName | 'imap' | 'replay';

export interface AcceptDeps {
  mailStore: MailStore;
  /** Queues the processing of stored message `id` (called inside the storing transaction). */
  enqueue(id: number): Promise<void>;
  now: number;
}

export interface Acceptance {
  id: number;
  duplicate: boolean;
  dedupeKey: string;
}

/** Reads the Message-ID from the header block without parsing the message (cheap, before any limit). */
function rawMessageId(raw: Uint8Array): string | undefined {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 256 * 1024)).toString(
    'latin1',
  );
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const found = /^message-id:\s*<([^<>\s]{1,500})>/im.exec(headers);
  return found?.[1];
}

/**
 * The dedupe key of a raw message: its Message-ID when it has one (so the IMAP copy and the webhook copy
 * of one mail are one), else the SHA-256 of its bytes.
 */
export function dedupeKeyOf(raw: Uint8Array): string {
  const messageId = rawMessageId(raw);
  if (messageId !== undefined) return `mid:${messageId.toLowerCase()}`;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * Stores `raw` durably and queues its processing; a second copy changes nothing. `truncatedFrom` is the
 * real size when `raw` is only the beginning of an oversized message (processing then quarantines it and
 * tells the sender). Throws StoreError when it cannot persist.
 */
export async function acceptRawMessage(
  deps: AcceptDeps,
  raw: Uint8Array,
  source: InboundSource,
  truncatedFrom?: number,
): Promise<Acceptance> {
  const dedupeKey = dedupeKeyOf(raw);
  const stored = await deps.mailStore.acceptRaw(
    {
      dedupeKey,
      source,
      raw,
      now: deps.now,
      ...(truncatedFrom === undefined ? {} : { size: truncatedFrom }),
    },
    (id) => deps.enqueue(id),
  );
  // Kill -9 here (crash tests): stored and queued, the source not yet told.
  if (!stored.duplicate) crashPoint('after-inbox-write');
  return { ...stored, dedupeKey };
}
