// One language's Pagefind index, in a process of its own (site/build-search-index.ts starts one per
// language): Pagefind's Node API runs one Pagefind process per Node process, and two languages indexed at
// once, one written while the next one's pages are still being added, need two. Messages, in order:
// `{ record: { path, html } }` for each page (added in that order), then `{ write: <bundle folder> }`;
// the answer is `{ written: true }` or `{ error: <text> }`, then the process ends. Each page goes to Pagefind
// as it arrives, without waiting for the one before to be indexed: Pagefind indexes them one after the other
// in the order they came (its service reads one request at a time), and the answers are checked before
// the write.
import * as pagefind from 'pagefind';

type Message = { record: { path: string; html: string } } | { write: string };

const queue: Message[] = [];
let wake: (() => void) | undefined;
process.on('message', (message: Message) => {
  queue.push(message);
  wake?.();
});

async function next(): Promise<Message> {
  while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  return queue.shift()!;
}

function check(what: string, errors: string[]): void {
  if (errors.length > 0) throw new Error(`Pagefind could not ${what}:\n${errors.join('\n')}`);
}

try {
  const created = await pagefind.createIndex({});
  check('start an index', created.errors);
  const index = created.index!;
  const adding: Promise<void>[] = [];
  let failure: unknown;
  for (;;) {
    const message = await next();
    if ('record' in message) {
      const { path: sourcePath, html: content } = message.record;
      adding.push(
        index
          .addHTMLFile({ sourcePath, content })
          .then((added) => check(`index ${sourcePath}`, added.errors))
          .catch((error: unknown) => {
            failure ??= error;
          }),
      );
      continue;
    }
    await Promise.all(adding);
    if (failure) throw failure;
    check(
      `write the index into ${message.write}`,
      (await index.writeFiles({ outputPath: message.write })).errors,
    );
    break;
  }
  process.send?.({ written: true });
} catch (error) {
  process.send?.({ error: (error as Error).message });
} finally {
  await pagefind.close();
  process.disconnect?.();
}
