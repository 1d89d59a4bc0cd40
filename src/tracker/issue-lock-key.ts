import { createHash } from 'node:crypto';

/**
 * The lock key of issue `number` of `repository` (`owner/name`, case-insensitive as on GitHub): the first 64
 * bits of a SHA-256 of a name of its own, so every replica and version computes the same key and no other
 * lock of the app (they hash `repodesk:<name>` into the two-key form) shares it.
 */
export function issueLockKey(repository: string, number: number): bigint {
  const digest = createHash('sha256').update(`repodesk:issue:${repository.toLowerCase()}#${number}`).digest();
  return digest.readBigInt64BE(0);
}
