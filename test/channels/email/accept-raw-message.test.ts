import { describe, expect, it } from 'vitest';
import { acceptRawMessage, dedupeKeyOf } from '../../../src/channels/email/accept-raw-message.ts';
import { openMailStore } from '../../../src/store/mail-store.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { rawMail, readEmail } from '../../support/email-fixtures.ts';

async function setup() {
  const store = await openStore({ memory: true });
  const mailStore = openMailStore(store);
  const queued: number[] = [];
  return {
    store,
    mailStore,
    queued,
    deps: {
      mailStore,
      enqueue: async (id: number) => {
        queued.push(id);
      },
      now: 1_000,
    },
  };
}

describe('acceptRawMessage', async () => {
  it('stores the raw bytes and queues processing in one step', async () => {
    const { mailStore, queued, deps } = await setup();
    const raw = readEmail('french-latin1.eml');
    const accepted = await acceptRawMessage(deps, raw, 'rfc822');
    expect(accepted).toEqual({ id: 1, duplicate: false, dedupeKey: 'mid:5f3a9c21.4b2d@orange.example' });
    expect(queued).toEqual([1]);
    expect(Buffer.from((await mailStore.getInbound(1))?.raw ?? []).equals(raw)).toBe(true);
  });

  it('the same Message-ID by IMAP and by webhook is stored once and processed once', async () => {
    const { mailStore, queued, deps } = await setup();
    const viaImap = Buffer.concat([
      Buffer.from('Delivered-To: support@cassiopee.example\r\n'),
      readEmail('outlook-reply-fr.eml'),
    ]);
    const viaWebhook = readEmail('outlook-reply-fr.eml');
    expect((await acceptRawMessage(deps, viaImap, 'imap')).duplicate).toBe(false);
    expect(await acceptRawMessage(deps, viaWebhook, 'postmark')).toMatchObject({ id: 1, duplicate: true });
    expect(queued).toEqual([1]);
    expect(await mailStore.counts()).toEqual({ queued: 1, done: 0, quarantined: 0 });
  });

  it('a message without a Message-ID is deduped by the hash of its bytes', async () => {
    const { queued, deps } = await setup();
    const raw = rawMail({ messageId: '' });
    expect(dedupeKeyOf(raw)).toMatch(/^sha256:[0-9a-f]{64}$/);
    await acceptRawMessage(deps, raw, 'rfc822');
    await acceptRawMessage(deps, raw, 'rfc822');
    await acceptRawMessage(deps, rawMail({ messageId: '', body: 'autre chose' }), 'rfc822');
    expect(queued).toEqual([1, 2]);
  });

  it('a store that cannot write throws, so the source is never told the message was accepted', async () => {
    const { store, deps } = await setup();
    await store.close();
    await expect(acceptRawMessage(deps, rawMail({}), 'rfc822')).rejects.toThrow();
  });
});
