// The proof behind "this rule can never run": `true` must hold for every ticket, and unprovable
// pairs must answer `false` (the validator then stays silent rather than raise a false alarm).
import { describe, expect, it } from 'vitest';
import { conditionImplies, dependsOn } from '../../src/conditions/implies.ts';
import type { Condition } from '../../src/rules/types.ts';

describe('conditionImplies', () => {
  it.each<[string, Condition, Condition, boolean]>([
    ['the same condition', { tier: 'vip' }, { tier: 'vip' }, true],
    ['a one-item list is its item', { tier: ['vip'] }, { tier: 'vip' }, true],
    ['fewer values imply more', { channel: 'email' }, { channel: ['email', 'web'] }, true],
    ['more values do not imply fewer', { channel: ['email', 'web'] }, { channel: 'email' }, false],
    [
      'more conditions imply part of them',
      { all: [{ tier: 'vip' }, { channel: 'email' }] },
      { tier: 'vip' },
      true,
    ],
    [
      'all of the wider conditions must follow',
      { all: [{ tier: 'vip' }, { channel: 'email' }] },
      { all: [{ channel: ['email', 'web'] }, { tier: 'vip' }] },
      true,
    ],
    [
      'a wider condition the narrower one does not state',
      { tier: 'vip' },
      { all: [{ tier: 'vip' }, { channel: 'email' }] },
      false,
    ],
    [
      'one alternative is enough',
      { organisation: 'globex' },
      { any: [{ form: 'contact' }, { organisation: 'globex' }] },
      true,
    ],
    [
      'every alternative of the narrower one must follow',
      { any: [{ tier: 'vip' }, { tier: 'standard' }] },
      { tier: 'vip' },
      false,
    ],
    [
      'not reverses the direction',
      { not: { channel: ['email', 'web'] } },
      { not: { channel: 'email' } },
      true,
    ],
    [
      'not does not imply the opposite',
      { not: { channel: 'email' } },
      { not: { channel: ['email', 'web'] } },
      false,
    ],
    [
      'fewer words imply more words',
      { subject: { contains: ['facture'] } },
      { subject: { contains: ['facture', 'invoice'] } },
      true,
    ],
    [
      'a regex is only known to imply the same regex',
      { subject: { matches: 'INV-\\d+' } },
      { subject: { contains: ['facture'] } },
      false,
    ],
    [
      'the subject is not compared with the body',
      { subject: { contains: ['facture'] } },
      { body: { contains: ['facture'] } },
      false,
    ],
    [
      'a form answer among more answers',
      { field: { id: 'impact', equals: 'Tout le service' } },
      { field: { id: 'impact', equals: ['Tout le service', "Toute l'entreprise"] } },
      true,
    ],
    [
      'another field is another question',
      { field: { id: 'impact', equals: 'Tout le service' } },
      { field: { id: 'urgence', equals: 'Tout le service' } },
      false,
    ],
    [
      'a listed address and a listed domain',
      { requester: { email: 'DSI@arvel.example' } },
      { requester: { email: ['dsi@arvel.example'], domain: 'direction.example' } },
      true,
    ],
    ['different keys prove nothing', { tier: 'vip' }, { organisation: 'acme' }, false],
  ])('%s', (_name, narrow, wide, expected) => {
    expect(conditionImplies(narrow, wide)).toBe(expected);
  });
});

describe('dependsOn', () => {
  const nothing = { priority: false, type: false, labels: new Set<string>() };
  it.each<[string, Condition, typeof nothing, boolean]>([
    [
      'a priority test, after a rule that sets a priority',
      { priority: 'urgent' },
      { ...nothing, priority: true },
      true,
    ],
    ['a priority test, when no rule set one', { priority: 'urgent' }, nothing, false],
    [
      'a type test deep in not/any',
      { not: { any: [{ tier: 'vip' }, { type: 'incident' }] } },
      { ...nothing, type: true },
      true,
    ],
    [
      'a label that was added',
      { label: ['vip', 'urgent'] },
      { ...nothing, labels: new Set(['urgent']) },
      true,
    ],
    ['another label was added', { label: 'vip' }, { ...nothing, labels: new Set(['urgent']) }, false],
    [
      'facts of the request never change',
      { all: [{ tier: 'vip' }, { channel: 'email' }] },
      { priority: true, type: true, labels: new Set(['vip']) },
      false,
    ],
  ])('%s', (_name, condition, changed, expected) => {
    expect(dependsOn(condition, changed)).toBe(expected);
  });
});
