// The issue's turn is per repository and issue number (confidential queues, issue 13): #1 of the HR
// repository and the default repository's #1 are two issues and never wait for each other, while two pieces
// of work on the same repository's #1 (named in any case, or through the default's own locks) run one after
// the other. Deterministic: each piece of work holds its turn until the test lets it go.

import { describe, expect, it } from 'vitest';
import { InProcessIssueLocks } from '../../src/tracker/in-process-issue-locks.ts';
import type { IssueLocks } from '../../src/tracker/issue-locks.ts';

/** Work that records when it starts and holds its turn until `letGo` is called. */
function held(events: string[], name: string) {
  let letGo!: () => void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  return {
    work: async () => {
      events.push(`${name} starts`);
      await gate;
      events.push(`${name} ends`);
      return name;
    },
    letGo: () => letGo(),
  };
}

/** Lets every queued promise callback run. */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

const defaultLocks = () => new InProcessIssueLocks('acme/support');

describe('in-process issue locks across repositories', () => {
  it.each<[string, (locks: IssueLocks) => IssueLocks]>([
    ['the default’s own locks', (locks) => locks],
    ['the default named', (locks) => locks.forRepository('acme/support')],
  ])('#1 of the HR repository runs while %s hold #1', async (_how, first) => {
    const locks = defaultLocks();
    const events: string[] = [];
    const main = held(events, 'main#1');
    const hr = held(events, 'hr#1');
    const running = [first(locks).run(1, main.work), locks.forRepository('acme/support-hr').run(1, hr.work)];
    await drain();
    expect(events).toEqual(['main#1 starts', 'hr#1 starts']);
    hr.letGo();
    main.letGo();
    expect(await Promise.all(running)).toEqual(['main#1', 'hr#1']);
  });

  it.each<[string, (locks: IssueLocks) => IssueLocks, (locks: IssueLocks) => IssueLocks]>([
    [
      'the HR repository, twice',
      (l) => l.forRepository('acme/support-hr'),
      (l) => l.forRepository('acme/support-hr'),
    ],
    [
      'the HR repository, named in another case',
      (l) => l.forRepository('acme/support-hr'),
      (l) => l.forRepository('Acme/Support-HR'),
    ],
    ['the default, by its own locks and by name', (l) => l, (l) => l.forRepository('ACME/support')],
  ])('two pieces of work on #1 of %s run one after the other', async (_how, first, second) => {
    const locks = defaultLocks();
    const events: string[] = [];
    const one = held(events, 'one');
    const two = held(events, 'two');
    const running = [first(locks).run(1, one.work), second(locks).run(1, two.work)];
    await drain();
    expect(events).toEqual(['one starts']);
    two.letGo();
    await drain();
    expect(events).toEqual(['one starts']);
    one.letGo();
    expect(await Promise.all(running)).toEqual(['one', 'two']);
    expect(events).toEqual(['one starts', 'one ends', 'two starts', 'two ends']);
  });

  it('another issue of the same repository is not held up', async () => {
    const locks = defaultLocks().forRepository('acme/support-hr');
    const events: string[] = [];
    const one = held(events, '#1');
    const two = held(events, '#2');
    const running = [locks.run(1, one.work), locks.run(2, two.work)];
    await drain();
    expect(events).toEqual(['#1 starts', '#2 starts']);
    one.letGo();
    two.letGo();
    await Promise.all(running);
  });
});
