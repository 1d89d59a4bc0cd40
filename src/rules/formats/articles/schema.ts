// Schema of the frontmatter of kb/<lang>/<slug>.md (knowledge-base articles).
import type { ArticleFrontmatter } from '../../types.ts';
import { dateString } from '../common-schemas.ts';
import { objectSchema } from '../define-schema.ts';

const words = (description: string, example: string[]) =>
  ({
    type: 'array',
    items: { type: 'string', minLength: 1 },
    uniqueItems: true,
    description,
    default: [],
    examples: [example],
  }) as const;

/** Frontmatter of kb/<lang>/<slug>.md */
export const articleSchema = objectSchema<ArticleFrontmatter>()({
  title: 'kb/<lang>/<slug>.md (frontmatter)',
  description:
    'A knowledge-base article: YAML frontmatter, then the Markdown body. The slug is the file name.',
  properties: {
    title: {
      type: 'string',
      minLength: 1,
      description: 'Title of the article.',
      examples: ["J'ai oublié mon mot de passe"],
    },
    summary: {
      type: 'string',
      minLength: 1,
      description: 'One or two sentences shown in search results and lists.',
      examples: ['Réinitialisez votre mot de passe en deux minutes.'],
    },
    category: {
      type: 'string',
      minLength: 1,
      description: 'Category id (from `desk.yaml`).',
      examples: ['access'],
    },
    tags: words('Keywords shown on the article and used by search.', ['mot de passe', 'connexion']),
    lang: {
      type: 'string',
      minLength: 1,
      description: 'Language; must match the folder (`kb/fr/…` → `fr`).',
      examples: ['fr'],
    },
    translationKey: {
      type: 'string',
      minLength: 1,
      description: 'Shared by the translations of one article (each language should have one).',
      examples: ['forgotten-password'],
    },
    updated: dateString('Last meaningful update.', '2026-10-14'),
    reviewBy: {
      ...dateString(
        'Date by which the article must be reviewed; `repodesk validate` warns after it.',
        '2027-04-01',
      ),
      'x-when-omitted': 'the article is never reported as overdue',
    },
    visibility: {
      type: 'string',
      enum: ['public', 'internal'],
      description: '`public` on the help site; `internal` only for agents.',
      default: 'public',
      examples: ['internal'],
    },
    draft: {
      type: 'boolean',
      description: 'A draft is validated but not published.',
      default: false,
      examples: [true],
    },
    aliases: words('Search synonyms: words customers use that the article does not.', [
      'mdp',
      'identifiants perdus',
    ]),
    related: words('Slugs of related articles in the same language.', ['double-authentification']),
  },
  required: ['title', 'summary', 'category', 'lang', 'translationKey', 'updated'],
  defaulted: ['tags', 'visibility', 'draft', 'aliases', 'related'],
});
