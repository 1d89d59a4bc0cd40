// The actions of a routing rule's `then` come from one registry (src/routing/actions/index.ts, one file
// per action): the schema users validate against lists exactly its actions, `repodesk validate` refuses
// any other key where it is written, each action's cross-file check answers through the CLI, and
// `repodesk route --explain` names the effects of a rule in the registry's order.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { routingActions } from '../../src/routing/actions/index.ts';
import { routingSchema } from '../../src/rules/formats/routing/schema.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const actionsFolder = path.join(repositoryRoot, 'src/routing/actions');
/** The files of src/routing/actions/ that are not an action: the registry, the shape, what reads it. */
const notActions = [
  'index.ts',
  'routing-action.ts',
  'apply-actions.ts',
  'action-changes.ts',
  'assignment-strategies.ts',
];

const registryKeys = routingActions.map((action) => action.key);

let stdout = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** `repodesk validate` of the base desk with `routing` as rules/routing.yaml: the problem lines. */
async function validateRouting(routing: string): Promise<{ code: number; lines: string[] }> {
  const root = deskFixture('base', { 'rules/routing.yaml': routing });
  const code = await main(['validate', '--root', root]);
  return { code, lines: stdout.split('\n').filter((line) => line.startsWith('rules/')) };
}

describe('the registry of routing actions', () => {
  it('the shipped `then` schema lists exactly the actions of the registry, in its order, each with its own schema', () => {
    const thenOf = (schema: unknown) =>
      (schema as { properties: { rules: { items: { properties: { then: { properties: object } } } } } })
        .properties.rules.items.properties.then.properties;
    const shipped: unknown = JSON.parse(
      fs.readFileSync(path.join(repositoryRoot, 'rules/schemas/routing.schema.json'), 'utf8'),
    );
    const then = thenOf(shipped);
    expect(Object.keys(then)).toEqual(registryKeys);
    expect(Object.keys(thenOf(routingSchema))).toEqual(registryKeys);
    for (const action of routingActions)
      expect(then[action.key as keyof typeof then], action.key).toEqual(
        JSON.parse(JSON.stringify(action.schema)),
      );
  });

  it('every action file of src/routing/actions/ is listed in the registry, under its file name', () => {
    const files = fs
      .readdirSync(actionsFolder)
      .filter((file) => file.endsWith('.ts') && !notActions.includes(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...registryKeys].sort());
  });
});

describe('repodesk validate: a key of `then` that is no action', () => {
  const known = `known keys: ${registryKeys.join(', ')}`;
  it.each([
    ['close: true', 'close', 'unknown key "close"; '],
    ['priorty: urgent', 'priorty', 'unknown key "priorty"; did you mean "priority"? '],
    ['assignee: [camille]', 'assignee', 'unknown key "assignee"; did you mean "assignees"? '],
    ['asign: skills', 'asign', 'unknown key "asign"; did you mean "assign"? '],
  ])('`%s` is refused at its line and column with the list of actions', async (action, key, message) => {
    const { code, lines } = await validateRouting(
      `rules:\n  - id: first\n    then: { team: it }\n  - id: second\n    then:\n      team: billing\n      ${action}\n`,
    );
    expect(code).toBe(1);
    expect(lines).toEqual([`rules/routing.yaml:7:7 error rules[1].then.${key}: ${message}${known}`]);
  });
});

describe("repodesk validate: each action's reference to another file", () => {
  it.each([
    [
      'team: biling',
      'rules/routing.yaml:3:19 error rules[0].then.team: unknown team "biling" (did you mean "billing"?); known teams: billing, it',
    ],
    [
      'priority: urgnet',
      'rules/routing.yaml:3:23 error rules[0].then.priority: unknown priority "urgnet" (did you mean "urgent"?); known priorities: urgent, normal',
    ],
    [
      'type: incidnet',
      'rules/routing.yaml:3:19 error rules[0].then.type: unknown type "incidnet" (did you mean "incident"?); known types: incident, question',
    ],
    [
      'reply: akc',
      'rules/routing.yaml:3:20 error rules[0].then.reply: unknown reply "akc" (did you mean "ack"?); known replies (rules/replies/): ack',
    ],
    [
      'repository: lumen/suport',
      'rules/routing.yaml:3:25 error rules[0].then.repository: unknown repository "lumen/suport" (did you mean "lumen/support"?); known repositories (desk.yaml): lumen/support',
    ],
    [
      'assignees: [hugo, camile]',
      'rules/routing.yaml:3:31 error rules[0].then.assignees[1]: unknown agent "camile" (did you mean "camille"?); known agents: camille, hugo',
    ],
  ])('`%s` names what is known and the closest id', async (action, line) => {
    const { code, lines } = await validateRouting(`rules:\n  - id: only\n    then: { ${action} }\n`);
    expect(code).toBe(1);
    expect(lines).toEqual([line]);
  });

  it('labels, tags, assign and stop refer to no other file: a rule with all of them is valid', async () => {
    const { code, lines } = await validateRouting(
      'rules:\n  - id: only\n    then: { labels: [x], tags: [vpn], assign: skills, stop: true }\n',
    );
    expect(lines).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('repodesk route --explain: the effects of a rule', () => {
  function explain(routing: string): string[] {
    const root = deskFixture('base', { 'rules/routing.yaml': routing });
    const result = spawnSync(
      process.execPath,
      ['src/cli/main.ts', 'route', '--explain', '-', '--root', root, '--now', '2026-11-23T10:00:00Z'],
      {
        cwd: repositoryRoot,
        input: JSON.stringify({ subject: 'Accès VPN', body: 'Je ne peux plus me connecter.' }),
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return (JSON.parse(result.stdout) as { trace: string[] }).trace;
  }

  it('lists every action in the order of the registry, whatever the order written', () => {
    const trace = explain(
      'rules:\n  - id: all\n    when: { subject: { contains: [vpn] } }\n    then:\n      stop: true\n      repository: lumen/support\n      reply: ack\n' +
        '      assignees: [hugo]\n      team: it\n      type: incident\n      priority: urgent\n      tags: [vpn]\n' +
        '      labels: [vpn]\n  - id: later\n    when: { channel: email }\n    then: { labels: [never] }\n',
    );
    expect(trace[0]).toMatch(
      /^rule all: .+ → labels \+vpn, tags \+vpn, priority urgent, type incident, team it, assignees hugo, reply ack, repository lumen\/support, stop$/,
    );
    expect(trace[1]).toBe('rule all stops evaluation: 1 later rule not evaluated');
  });

  it.each([
    ['{ assignees: [hugo], assign: least-open }', 'assignees hugo', 'assignees hugo (rule one)'],
    ['{ assign: none }', 'assign none', 'assign none (rule one): nobody assigned'],
    ['{ labels: [], tags: [], stop: false }', undefined, 'assign: no team, nobody assigned'],
  ])('`%s` traces %j and assigns as %j', (then, effects, assignment) => {
    const trace = explain(`rules:\n  - id: one\n    then: ${then}\n`);
    expect(trace[0]).toBe(
      `rule one: no conditions, always matches${effects === undefined ? '' : ` → ${effects}`}`,
    );
    expect(trace).toContain(assignment);
  });
});
