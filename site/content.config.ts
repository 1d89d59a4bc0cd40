// The knowledge base as an Astro content collection: every `kb/<lang>/<slug>.md`, frontmatter checked
// against the same shape as `ArticleFrontmatter` (src/rules/types.ts). Drafts and internal articles are
// loaded so that links to them can be recognised, and filtered out by `site/lib/articles.ts` everywhere.
import path from 'node:path';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { contentRoot } from './lib/content-root.ts';

// YAML reads an unquoted 2026-10-14 as a date: keep the calendar day as written.
const day = z
  .union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.date()])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString().slice(0, 10)));

const kb = defineCollection({
  loader: glob({ pattern: '*/*.md', base: path.join(contentRoot, 'kb') }),
  schema: z.object({
    title: z.string().min(1),
    summary: z.string().min(1),
    category: z.string().min(1),
    tags: z.array(z.string()).default([]),
    lang: z.string().min(2),
    translationKey: z.string().min(1),
    updated: day,
    reviewBy: day.optional(),
    visibility: z.enum(['public', 'internal']).default('public'),
    draft: z.boolean().default(false),
    aliases: z.array(z.string()).default([]),
    related: z.array(z.string()).default([]),
  }),
});

export const collections = { kb };
