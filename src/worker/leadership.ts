// Work that must run in one process at a time (the SLA sweep, IMAP polling, the retention clean-ups) runs
// on the leader. Every `checkEveryMs` each replica either confirms it still holds the leadership (its
// session to PostgreSQL answers) or tries to take it; PostgreSQL drops the lock of a leader whose
// connection dies (kill -9 closes it at once; a vanished machine within the session's keepalive, ~25 s),
// so a follower takes over within one check after that. On SQLite the one bot always leads.

import type { Logger } from '../config/logger.ts';
import type { LeaderLock, Store } from '../store/store.ts';

/** How often a replica confirms or tries the leadership by default. */
const defaultLeaderCheckMs = 15_000;

export interface Leadership {
  isLeader(): boolean;
  /** Called with true when this process becomes the leader, false when it stops being it. */
  onChange(listener: (leading: boolean) => void): void;
  /** Looks now (start, tests); resolves to whether this process leads. */
  check(): Promise<boolean>;
  /** Stops looking and gives the leadership up. */
  stop(): Promise<void>;
}

/** Starts contending for the leadership `name` of `store`. */
export function startLeadership(options: {
  store: Store;
  name: string;
  checkEveryMs?: number;
  log: Logger;
}): Leadership {
  const listeners: ((leading: boolean) => void)[] = [];
  let lock: LeaderLock | undefined;
  let stopped = false;
  let checking: Promise<boolean> | undefined;
  const change = (leading: boolean) => {
    options.log.info(leading ? 'leadership taken' : 'leadership lost', { name: options.name });
    for (const listener of listeners) listener(leading);
  };
  const look = async (): Promise<boolean> => {
    if (stopped) return false;
    if (lock) {
      if (await lock.held()) return true;
      await lock.release().catch(() => undefined);
      lock = undefined;
      change(false);
    }
    try {
      lock = await options.store.tryLeadership(options.name);
    } catch (error) {
      // The database is unreachable: nobody here leads until it answers again.
      options.log.warn('leadership check failed', { name: options.name, error });
      lock = undefined;
    }
    if (stopped && lock) {
      await lock.release();
      lock = undefined;
    }
    if (lock) change(true);
    return lock !== undefined;
  };
  const check = () => (checking ??= look().finally(() => (checking = undefined)));
  const timer = setInterval(() => void check(), options.checkEveryMs ?? defaultLeaderCheckMs);
  timer.unref();
  return {
    isLeader: () => lock !== undefined && !stopped,
    onChange(listener) {
      listeners.push(listener);
    },
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await checking;
      if (lock) {
        await lock.release().catch(() => undefined);
        lock = undefined;
        for (const listener of listeners) listener(false);
      }
    },
  };
}
