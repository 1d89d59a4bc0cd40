import { createHash } from 'node:crypto';

/**
 * The lock key of the creation of reference `ref`'s issue: the first 64 bits of a SHA-256 of a name of its own
 * (`repodesk:ticket-creation:<ref>`), apart from the issue locks (`repodesk:issue:…`, issue-lock-key.ts) and the
 * app's named locks (the two-key form), so every replica computes the same key and no other lock shares it.
 */
export function ticketCreationLockKey(ref: string): bigint {
  return createHash('sha256').update(`repodesk:ticket-creation:${ref}`).digest().readBigInt64BE(0);
}
