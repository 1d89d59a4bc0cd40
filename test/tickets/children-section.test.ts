// The section of a master's body that lists its linked tickets: read back as written, rewritten in place of
// the old one (never twice), removed with the last child, and the rest of the body kept as it was.

import { describe, expect, it } from 'vitest';
import { childrenOf, withChildren } from '../../src/tickets/children-section.ts';

const heading = '**Tickets liés · Linked tickets**';
const incident = 'Panne du VPN depuis 9 h.';

describe('children section', () => {
  it.each([
    [[12], [12]],
    [
      [12, 15],
      [12, 15],
    ],
    [
      [15, 12, 15],
      [15, 12],
    ],
  ])('lists %j and reads back %j', (children, read) => {
    const body = withChildren(incident, children, heading);
    expect(body.startsWith(`${incident}\n\n`)).toBe(true);
    expect(childrenOf(body)).toEqual(read);
  });

  it('rewrites the section in place of the old one, and removes it with the last child', () => {
    const once = withChildren(incident, [12, 15], heading);
    const twice = withChildren(once, [15], heading);
    expect(twice.match(/<!-- repodesk:children -->/g)).toHaveLength(1);
    expect(childrenOf(twice)).toEqual([15]);
    expect(withChildren(twice, [], heading)).toBe(incident);
  });

  it('reads no children from a body without the section, or a `- #N` outside it', () => {
    expect(childrenOf(incident)).toEqual([]);
    expect(childrenOf(`${incident}\n- #12`)).toEqual([]);
  });
});
