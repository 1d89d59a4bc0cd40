// Senders an agent marked as spam (`/spam`): their mail is quarantined without an answer until an admin
// lifts the block (`repodesk mail unblock <address>`). Addresses are kept lower-cased. On PostgreSQL every
// replica reads the same blocks.

import type { Store, StoreSchema } from './store.ts';

export interface BlockedSenders {
  /** Blocks `address` (the ticket `ref` it was marked on, for the operator); blocking again changes nothing. */
  block(address: string, ref: string | undefined, now: number): Promise<void>;
  /** Lifts the block; false when `address` was not blocked. */
  unblock(address: string): Promise<boolean>;
  isBlocked(address: string): Promise<boolean>;
}

const table = `CREATE TABLE blocked_senders (
  address TEXT PRIMARY KEY,
  ref TEXT,
  blocked_at BIGINT NOT NULL
)`;

export const blockedSendersSchema: StoreSchema = {
  domain: 'blocked-senders',
  sqlite: [table],
  postgres: [table],
};

const insert =
  'INSERT INTO blocked_senders (address, ref, blocked_at) VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING';
const remove = 'DELETE FROM blocked_senders WHERE address = ?';
const find = 'SELECT 1 AS found FROM blocked_senders WHERE address = ?';

/** The blocked senders table of `store` (made by `blockedSendersSchema` when the store opens). */
export function openBlockedSenders(store: Store): BlockedSenders {
  return {
    async block(address, ref, now) {
      await store.run(insert, address.toLowerCase(), ref ?? null, now);
    },
    async unblock(address) {
      return (await store.run(remove, address.toLowerCase())) > 0;
    },
    async isBlocked(address) {
      return (await store.get(find, address.toLowerCase())) !== undefined;
    },
  };
}
