// Who may act for the desk, from the login and GitHub's author_association alone, and what a comment is
// once its writer is known.

import { describe, expect, it } from 'vitest';
import { commentKind, startsWithCommand, type CommentWriter } from '../../src/tickets/comment-kind.ts';
import { deskStanding, type DeskStanding } from '../../src/tickets/desk-standing.ts';

const accounts = { agentLogins: ['Camille-Durand'], repodeskLogins: ['repodesk-bot', 'github-actions[bot]'] };

describe('deskStanding', () => {
  it.each<[string, string, string, DeskStanding]>([
    ['the bot', 'repodesk-bot', 'COLLABORATOR', 'repodesk'],
    ['the Actions workflow, in another case', 'GitHub-Actions[bot]', 'NONE', 'repodesk'],
    ['a teams.yaml agent, whatever the case', 'camille-durand', 'MEMBER', 'desk'],
    ['a teams.yaml agent whose membership is private', 'camille-durand', 'NONE', 'desk'],
    ['the owner of the repository', 'lea', 'OWNER', 'desk'],
    ['an organisation member: may be read-only here', 'olga', 'MEMBER', 'unconfirmed'],
    ['a collaborator: may be read-only', 'rita', 'COLLABORATOR', 'unconfirmed'],
    ['a past contributor', 'chris', 'CONTRIBUTOR', 'outsider'],
    ['a first-time contributor', 'fred', 'FIRST_TIME_CONTRIBUTOR', 'outsider'],
    ['anyone', 'mallory', 'NONE', 'outsider'],
    ['an association GitHub may add later', 'zoe', 'SOMETHING_NEW', 'outsider'],
    ['a deleted account (no login)', '', 'OWNER', 'outsider'],
  ])('%s', (_name, login, association, expected) => {
    expect(deskStanding({ login, association }, accounts)).toBe(expected);
  });
});

describe('commentKind', () => {
  it.each<[string, string, CommentWriter, ReturnType<typeof commentKind>]>([
    ['a /reply from the desk is a public reply', '/reply Bonjour', 'desk', 'agent-reply'],
    ['a canned /reply from the desk too', '  /reply\nresolution', 'desk', 'agent-reply'],
    ['anyone else’s /reply is a note', '/reply Bonjour', 'other', 'internal-note'],
    ['a /replyall is no /reply', '/replyall Bonjour', 'desk', 'internal-note'],
    [
      'repodesk’s mirror of a customer message',
      '<!-- repodesk:customer-message -->\nMerci',
      'repodesk',
      'customer-message',
    ],
    [
      'the same marker from anyone else is a note',
      '<!-- repodesk:customer-message -->\nMerci',
      'other',
      'internal-note',
    ],
    ['repodesk’s public notice', '<!-- repodesk:public-notice -->\nFermé', 'repodesk', 'bot-public'],
    ['a /reply written by repodesk is its own note', '/reply Bonjour', 'repodesk', 'bot-note'],
  ])('%s', (_name, body, writer, expected) => {
    expect(commentKind(body, writer)).toBe(expected);
  });

  it.each([
    ['/reply Bonjour', true],
    ['  /status closed', true],
    ['Note: /status closed', false],
    ['/ not a command', false],
    ['https://example.org', false],
  ])('startsWithCommand(%j) is %s', (body, expected) => {
    expect(startsWithCommand(body)).toBe(expected);
  });
});
