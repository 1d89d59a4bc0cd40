// The rules the site is built from (desk settings, SLA, forms), read once per build from the content
// root. The site shows what the bot enforces because both read the very same files.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { DeskSettings, RequestForm, SlaFile } from '../../src/rules/types.ts';
import { contentRoot } from './content-root.ts';

export interface SiteRules {
  desk: DeskSettings;
  sla: SlaFile;
  /** Forms keyed by id (file name without extension). */
  forms: Record<string, RequestForm>;
}

function readYaml<T>(file: string): T {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return parse(text) as T;
  } catch (error) {
    throw new Error(`${path.relative(process.cwd(), file)}: ${(error as Error).message}`, { cause: error });
  }
}

let loaded: SiteRules | undefined;

/** Desk, SLA and forms under `<contentRoot>/rules`. */
export function siteRules(): SiteRules {
  if (loaded) return loaded;
  const rulesDir = path.join(contentRoot, 'rules');
  const formsDir = path.join(rulesDir, 'forms');
  const forms: Record<string, RequestForm> = {};
  if (fs.existsSync(formsDir)) {
    for (const name of fs.readdirSync(formsDir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      forms[name.replace(/\.ya?ml$/, '')] = readYaml<RequestForm>(path.join(formsDir, name));
    }
  }
  loaded = {
    desk: readYaml<DeskSettings>(path.join(rulesDir, 'desk.yaml')),
    sla: readYaml<SlaFile>(path.join(rulesDir, 'sla.yaml')),
    forms,
  };
  return loaded;
}

/** The bot's public URL: `PUBLIC_BOT_URL` at build time, else desk.yaml `botUrl`, without a trailing slash. */
export function botUrl(): string {
  return (process.env.PUBLIC_BOT_URL || siteRules().desk.botUrl).replace(/\/+$/, '');
}

/** A localised text in `lang`, else in the desk's first language, else any. */
export function localised(text: Record<string, string> | undefined, lang: string): string {
  if (!text) return '';
  const first = siteRules().desk.languages[0] ?? lang;
  return text[lang] ?? text[first] ?? Object.values(text)[0] ?? '';
}

/** The desk's categories in display order. */
export function categories() {
  return [...siteRules().desk.categories].sort((a, b) => a.order - b.order);
}

/** Static paths for a page that exists once per desk language. */
export function langPaths() {
  return siteRules().desk.languages.map((lang) => ({ params: { lang } }));
}
