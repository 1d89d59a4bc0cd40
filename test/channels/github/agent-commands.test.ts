// The agents' commands beyond /reply, /status and /priority, end to end through the real bot and the GitHub
// stand-in's signed webhooks: what the issue shows after each (labels, assignees, the bot's notes), what
// the bot wrote to GitHub (counted at the stand-in), and that the customer is mailed nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  incidentSubmission,
  postRequest,
  settle,
  startHarness,
  type Harness,
} from '../../support/bot-harness.ts';
import { agentApi, botWritesAfterComment } from '../../support/agent-api.ts';
import { runCli } from '../../support/cli-child.ts';

interface Issue {
  number: number;
  labels: { name: string }[];
  assignees: { login: string }[];
}
interface Comment {
  id: number;
  body: string;
  user: { login: string };
}

let harness: Harness;
let number: number;
let mailsBefore: number;

const api = agentApi(() => harness);

/** The agent comments `body`; resolves to the writes repodesk's account sent while the bot acted on it. */
const agentComments = (body: string) => botWritesAfterComment(harness, number, body);

/** The bot's last comment on the ticket. */
async function lastBotNote(): Promise<string> {
  const comments = await api<Comment[]>(`/issues/${number}/comments`);
  return comments.filter((comment) => comment.user.login === harness.standin.botLogin).at(-1)?.body ?? '';
}

const issue = () => api<Issue>(`/issues/${number}`);
const postComment = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';

beforeAll(async () => {
  harness = await startHarness();
  const response = await postRequest(harness.url, incidentSubmission(harness.bot.context.clock()));
  expect(response.status).toBe(202);
  await settle(harness);
  const [created] = await harness.issues();
  number = created!.number;
  mailsBefore = harness.mail.messages.length;
});
afterAll(async () => {
  // None of these commands writes to the customer.
  expect(harness.mail.messages.length).toBe(mailsBefore);
  expect(harness.standin.responseErrors()).toEqual([]);
  await harness?.close();
});

describe('/note', () => {
  it('is an internal note: nothing written, nothing changed, with or without text', async () => {
    const before = await issue();
    expect(await agentComments('/note Le client a rappelé, il attend un devis.')).toEqual([]);
    expect(await agentComments('/note')).toEqual([]);
    const after = await issue();
    expect([after.labels, after.assignees]).toEqual([before.labels, before.assignees]);
  });
});

describe('a command that does not exist', () => {
  it('is answered once with the closest command, and changes nothing', async () => {
    const before = await issue();
    expect(await agentComments('/statut closed')).toEqual([postComment]);
    expect(await lastBotNote()).toContain(
      '`/statut` n’est pas une commande ; rien n’a changé. Vouliez-vous dire `/status` ? `/help` liste les commandes.',
    );
    expect(await agentComments('/frobnicate')).toEqual([postComment]);
    const note = await lastBotNote();
    expect(note).toContain('`/frobnicate` n’est pas une commande ; rien n’a changé. `/help`');
    expect(note).not.toContain('Vouliez-vous dire');
    expect((await issue()).labels).toEqual(before.labels);
  });

  it('a path or a word after a slash that is no command stays a plain comment', async () => {
    expect(await agentComments('/etc/hosts est corrompu sur le poste du client')).toEqual([]);
    expect(await agentComments('Voir /status plus tard')).toEqual([]);
  });
});

describe('/help', () => {
  it('answers with one line per command in the desk’s language, the list `repodesk commands` prints', async () => {
    expect(await agentComments('/help')).toEqual([postComment]);
    const note = await lastBotNote();
    expect(note).toContain('Commandes des agents (sur la première ligne d’un commentaire) :');
    for (const usage of [
      '/reply <text>',
      '/send',
      '/drop',
      '/note <text>',
      '/status <status>',
      '/priority <priority>',
      '/type <type>',
      '/assign @login',
      '/take',
      '/cc add <email>',
      '/merge #N',
      '/unmerge',
      '/link #N',
      '/unlink #N',
      '/reply-all <text>',
      '/resolve-all [text]',
      '/help',
    ])
      expect(note).toContain(`- \`${usage}`);
    const cli = await runCli(['commands', '--lang', 'fr'], {});
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(note).toContain(cli.stdout.trimEnd());
    const help = await runCli(['commands', '--help'], {});
    expect(help.stdout).toContain(cli.stdout.trimEnd());
    expect(help.stdout).toContain('- `/priority <priority>`: changes the ticket’s priority');
  });

  it('`repodesk commands` refuses an option it does not know, saying what it expected', async () => {
    const cli = await runCli(['commands', '--lang', 'de'], {});
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('repodesk commands: expected no option or --lang fr|en, found "--lang de"');
  });
});

describe('/type', () => {
  it('swaps the type label in one write, by id or label in any case; the same type writes nothing', async () => {
    const label = (id: string) => harness.rules.desk.types.find((type) => type.id === id)!.label;
    const typeLabels = async () =>
      (await issue()).labels.map((name) => name.name).filter((name) => name.startsWith('type:'));
    expect(await agentComments('/type question')).toHaveLength(1);
    expect(await typeLabels()).toEqual([label('question')]);
    expect(await agentComments(`/type ${label('service-request').toUpperCase()}`)).toHaveLength(1);
    expect(await typeLabels()).toEqual([label('service-request')]);
    expect(await agentComments('/type service-request')).toEqual([]);
  });

  it('answers an unknown type once with the known ones, and changes nothing', async () => {
    const before = (await issue()).labels;
    expect(await agentComments('/type bug')).toEqual([postComment]);
    const note = await lastBotNote();
    expect(note).toContain('`/type` : type « bug » inconnu ; rien n’a changé.');
    expect(note).toContain('`question` (type: question)');
    expect((await issue()).labels).toEqual(before);
  });
});

describe('/assign and /take', () => {
  const agents = () => harness.rules.teams.agents.map((agent) => agent.login);
  const assignees = async () => (await issue()).assignees.map((assignee) => assignee.login);

  it('/assign @login makes that agent the only assignee, in one write', async () => {
    const other = agents()[2]!;
    expect(await agentComments(`/assign @${other}`)).toHaveLength(1);
    expect(await assignees()).toEqual([other]);
    // Without the @, in another case: the same agent, nothing written.
    expect(await agentComments(`/assign ${other.toUpperCase()}`)).toEqual([]);
    expect(await assignees()).toEqual([other]);
  });

  it('/take and /assign me give the ticket to the command’s author', async () => {
    const me = agents()[0]!;
    expect(await agentComments('/take')).toHaveLength(1);
    expect(await assignees()).toEqual([me]);
    expect(await agentComments('/assign me')).toEqual([]);
    expect(await assignees()).toEqual([me]);
  });

  it('an unknown or missing login changes nothing and gets a note naming the closest agent', async () => {
    const me = agents()[0]!;
    const typo = me.replace(/l/, '');
    expect(await agentComments(`/assign @${typo}`)).toEqual([postComment]);
    const note = await lastBotNote();
    expect(note).toContain(
      `\`/assign\` : « ${typo} » n’est pas un agent de rules/teams.yaml ; rien n’a changé.`,
    );
    expect(note).toContain(`Vouliez-vous dire \`@${me}\` ?`);
    expect(await agentComments('/assign')).toEqual([postComment]);
    expect(await lastBotNote()).toContain(
      '`/assign` : à qui ? Écrivez `/assign @login` ou `/assign me` ; rien n’a changé.',
    );
    expect(await assignees()).toEqual([me]);
  });
});
