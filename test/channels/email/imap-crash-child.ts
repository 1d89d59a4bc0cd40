// An IMAP poller process for the crash test: stores each message in DATA_DIR's store, prints "stored <id>",
// and keeps polling. With `slow`, it pauses after storing so the parent can kill it before the move.
//   node test/channels/email/imap-crash-child.ts <dataDir> <imapUrl> [slow]

import { silentLogger } from '../../../src/config/logger.ts';
import { startImapPoller } from '../../../src/channels/email/imap-poller.ts';
import { acceptRawMessage } from '../../../src/channels/email/accept-raw-message.ts';
import { openMailStore } from '../../../src/store/mail-store.ts';
import { openStore } from '../../../src/store/open-store.ts';

const [dataDir = '', url = '', mode = ''] = process.argv.slice(2);
const store = await openStore({ dataDir });
const mailStore = openMailStore(store);
startImapPoller({
  url,
  log: silentLogger,
  accept: async (raw) => {
    const accepted = await acceptRawMessage(
      { mailStore, enqueue: async () => {}, now: Date.now() },
      raw,
      'imap',
    );
    process.stdout.write(`stored ${accepted.id} ${accepted.duplicate ? 'duplicate' : 'new'}\n`);
    if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 5000));
  },
});
