// Templates and canned replies filled for one mail: `{{variable}}` replaced by its value (escaped for the
// HTML part), and the template of a language picked. Pure; the files are read with the rules
// (rules/email-templates.ts).

import {
  variablePattern,
  type EmailTemplate,
  type EmailTemplateId,
  type EmailTemplates,
} from '../rules/email-templates.ts';
import type { Lang } from '../rules/types.ts';

/** Replaces `{{name}}` by its value; `escape` is applied to each value (HTML part). */
export function renderVariables(
  text: string,
  values: Partial<Record<string, string>>,
  escape: (value: string) => string = (value) => value,
): string {
  return text.replace(variablePattern, (_whole, name: string) => escape(values[name] ?? ''));
}

/** The template in `lang`, else in the first language that has it. */
export function pickTemplate(
  templates: EmailTemplates,
  id: EmailTemplateId,
  lang: Lang,
  languages: Lang[],
): EmailTemplate | undefined {
  const byLang = templates[id];
  if (!byLang) return undefined;
  return (
    byLang[lang] ??
    languages.map((other) => byLang[other]).find((template) => template !== undefined) ??
    Object.values(byLang)[0]
  );
}
