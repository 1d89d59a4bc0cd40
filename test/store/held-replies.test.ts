// The store's promises to the collision guard and the follow page, on SQLite and PostgreSQL: a held reply is
// settled (sent or dropped) exactly once, even when replicas settle it at the same moment, and what a reply
// told the customer is kept once per mail key (the first text stays).

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openHeldReplies } from '../../src/store/held-replies.ts';
import { openMailStore } from '../../src/store/mail-store.ts';
import type { Store } from '../../src/store/open-store.ts';
import type { HeldReplyDraft } from '../../src/tickets/held-reply.ts';
import { storeBackends } from '../support/store-backends.ts';

const backends = await storeBackends(import.meta.filename);
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});
afterAll(async () => {
  for (const backend of backends) await backend.stop();
});

function draft(key: string): HeldReplyDraft {
  return {
    key,
    ref: 'RD-AAAA-BBBB',
    author: 'camille-durand',
    collision: { kind: 'replied', by: 'lucas-martin', at: 1_000 },
    mail: {
      key,
      template: 'reply',
      ref: 'RD-AAAA-BBBB',
      lang: 'fr',
      to: ['marie@example.org'],
      cc: [],
      variables: { message: 'Bonjour.' },
      automatic: false,
      threaded: true,
      shown: 'Bonjour.',
    },
    status: 'pending',
  };
}

describe.each(backends)('held and kept replies on $name', (backend) => {
  /** `count` views of one fresh database: one shared store on SQLite, a pool each on PostgreSQL. */
  async function replicas(count: number): Promise<Store[]> {
    const location = await backend.fresh();
    const first = await backend.open(location);
    opened.push(first);
    const stores = [first];
    for (let index = 1; index < count; index += 1) {
      const store = backend.name === 'SQLite' ? first : await backend.open(location);
      if (store !== first) opened.push(store);
      stores.push(store);
    }
    return stores;
  }

  it('a held reply is listed with its draft, and settled once: a second settle changes nothing', async () => {
    const [store] = await replicas(1);
    const held = openHeldReplies(store!);
    await held.hold(draft('reply:comment:7'), 12, 2_000);
    await held.hold({ ...draft('reply:comment:7'), author: 'someone-else' }, 12, 3_000);
    const [reply] = await held.ofIssue(12);
    expect(reply).toEqual({ ...draft('reply:comment:7'), issueNumber: 12, heldAt: 2_000, state: 'held' });
    expect(await held.settle('reply:comment:7', 'sent', 'lucas-martin', 4_000)).toBe(true);
    expect(await held.settle('reply:comment:7', 'dropped', 'camille-durand', 5_000)).toBe(false);
    expect(await held.ofIssue(12)).toMatchObject([
      { state: 'sent', settledBy: 'lucas-martin', settledAt: 4_000 },
    ]);
    expect(await held.settle('reply:comment:99', 'sent', 'lucas-martin', 4_000)).toBe(false);
    expect((await held.list(10)).map((entry) => entry.key)).toEqual(['reply:comment:7']);
  });

  it('settled by several replicas at the same moment, a held reply is settled by exactly one', async () => {
    const stores = await replicas(4);
    await openHeldReplies(stores[0]!).hold(draft('reply:comment:8'), 13, 2_000);
    const outcomes = await Promise.all(
      stores.map((store, index) =>
        openHeldReplies(store).settle(
          'reply:comment:8',
          index % 2 === 0 ? 'sent' : 'dropped',
          `agent-${index}`,
          3_000,
        ),
      ),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('what a reply told the customer is kept once per key, the first text staying', async () => {
    const [store] = await replicas(1);
    const mail = openMailStore(store!);
    await mail.keepReply({ key: 'reply:comment:1', ref: 'RD-1', lang: 'fr', text: 'Bonjour.', at: 1 });
    await mail.keepReply({ key: 'reply:comment:1', ref: 'RD-1', lang: 'en', text: 'Hello.', at: 2 });
    await mail.keepReply({ key: 'reply:comment:2', ref: 'RD-2', lang: 'en', text: 'Hello.', at: 3 });
    expect([...(await mail.keptReplies('RD-1')).values()]).toEqual([
      { key: 'reply:comment:1', ref: 'RD-1', lang: 'fr', text: 'Bonjour.', at: 1 },
    ]);
    expect((await mail.keptReplies('RD-3')).size).toBe(0);
  });
});
