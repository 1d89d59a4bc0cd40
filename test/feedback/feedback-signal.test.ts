// The contract of POST /api/feedback shared by the help site and the bot: what is accepted, and the
// exact reason for what is not.
import { describe, expect, it } from 'vitest';
import { parseFeedbackSignal, plainText } from '../../src/feedback/feedback-signal.ts';

const context = { languages: ['fr', 'en'], forms: ['incident', 'invoice-question'] };

describe('feedback signals', () => {
  it.each([
    [
      'a vote',
      { kind: 'article-helpful', lang: 'fr', article: 'mot-de-passe-oublie' },
      { kind: 'article-helpful', lang: 'fr', article: 'mot-de-passe-oublie' },
    ],
    [
      'a comment, with the vote it explains',
      {
        kind: 'article-comment',
        lang: 'en',
        article: 'payment-methods',
        helpful: false,
        comment: ' No SEPA? ',
      },
      {
        kind: 'article-comment',
        lang: 'en',
        article: 'payment-methods',
        helpful: false,
        comment: 'No SEPA?',
      },
    ],
    [
      'an empty search, unknown fields dropped',
      { kind: 'empty-search', lang: 'fr', query: 'imprimante', cookie: 'x' },
      { kind: 'empty-search', lang: 'fr', query: 'imprimante' },
    ],
    [
      'a deflection',
      { kind: 'deflection', lang: 'fr', article: 'compte-bloque', form: 'incident' },
      { kind: 'deflection', lang: 'fr', article: 'compte-bloque', form: 'incident' },
    ],
    [
      'an assistant conversation that ended on an article, the words the customer typed dropped',
      {
        kind: 'assistant',
        lang: 'fr',
        outcome: 'deflected',
        article: 'compte-bloque',
        sentence: 'mon compte est bloqué, appelez le 06 12 34 56 78',
      },
      { kind: 'assistant', lang: 'fr', outcome: 'deflected', article: 'compte-bloque' },
    ],
    [
      'an assistant conversation that ended on a request form',
      { kind: 'assistant', lang: 'en', outcome: 'escalated', form: 'invoice-question', article: 'ignored' },
      { kind: 'assistant', lang: 'en', outcome: 'escalated', form: 'invoice-question' },
    ],
  ])('accepts %s', (_name, body, signal) => {
    expect(parseFeedbackSignal(body, context)).toEqual({ ok: true, signal });
  });

  it.each([
    [
      'the old site format (kind "article" with helpful)',
      { kind: 'article', lang: 'fr', article: 'x', helpful: true },
      [
        {
          field: 'kind',
          message:
            'expected one of article-helpful, article-not-helpful, article-comment, empty-search, deflection, assistant, found "article"',
        },
      ],
    ],
    [
      'an unknown language and a path for a slug',
      { kind: 'article-helpful', lang: 'de', article: '../etc' },
      [
        { field: 'lang', message: 'expected one of fr, en, found "de"' },
        {
          field: 'article',
          message: 'expected the slug of an article (lower-case letters, digits and dashes), found "../etc"',
        },
      ],
    ],
    [
      'a comment over the limit',
      { kind: 'article-comment', lang: 'fr', article: 'a', helpful: true, comment: 'é'.repeat(1001) },
      [{ field: 'comment', message: 'the comment is limited to 1000 characters, found 1001' }],
    ],
    [
      'a comment without its vote',
      { kind: 'article-comment', lang: 'fr', article: 'a', comment: 'hm' },
      [{ field: 'helpful', message: 'expected true or false, found nothing' }],
    ],
    [
      'a blank comment',
      { kind: 'article-comment', lang: 'fr', article: 'a', helpful: true, comment: ' \u0000 ' },
      [{ field: 'comment', message: 'expected the reader\'s comment, found ""' }],
    ],
    [
      'a deflection from an unknown form',
      { kind: 'deflection', lang: 'fr', article: 'a', form: 'nope' },
      [
        {
          field: 'form',
          message: 'expected the id of a request form (incident, invoice-question), found "nope"',
        },
      ],
    ],
    [
      'an assistant outcome the site never sends',
      { kind: 'assistant', lang: 'fr', outcome: 'solved', article: 'a' },
      [{ field: 'outcome', message: 'expected one of deflected, escalated, found "solved"' }],
    ],
    [
      'an assistant deflection without its article',
      { kind: 'assistant', lang: 'fr', outcome: 'deflected', form: 'incident' },
      [
        {
          field: 'article',
          message: 'expected the slug of an article (lower-case letters, digits and dashes), found nothing',
        },
      ],
    ],
    [
      'an assistant escalation to a form the desk does not have',
      { kind: 'assistant', lang: 'en', outcome: 'escalated', form: '../incident' },
      [
        {
          field: 'form',
          message:
            'expected the id of the request form the assistant opened (incident, invoice-question), found "../incident"',
        },
      ],
    ],
    ['not an object', [1, 2], [{ field: '', message: 'expected a JSON object, found an array' }]],
  ])('refuses %s, naming each field', (_name, body, errors) => {
    expect(parseFeedbackSignal(body, context)).toEqual({ ok: false, errors });
  });

  it('keeps customer text printable: no terminal escapes, direction overrides or line breaks', () => {
    expect(plainText('ok\u001b[31m rouge\u202e\r\nfin\u200b')).toBe('ok[31m rouge fin');
  });
});
