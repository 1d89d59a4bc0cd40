// Texts per language (names, descriptions) in every desk language, found by walking a file along its schema.
import type { Finding } from '../finding.ts';
import type { PathSegment } from '../yaml-source.ts';

type SchemaNode = Record<string, unknown>;

/** A text-per-language map of the schemas (`localised()` in common-schemas.ts). */
const isLocalised = (schema: SchemaNode) =>
  schema.type === 'object' &&
  schema.propertyNames !== undefined &&
  (schema.additionalProperties as SchemaNode | undefined)?.type === 'string';

/**
 * Walks data along its schema and checks that every text per language (names, descriptions) has
 * each desk language: a missing one shows an empty name on the site in that language.
 */
export function checkLocalisedTexts(
  file: string,
  path: PathSegment[],
  schema: object,
  data: unknown,
  languages: string[],
  out: Finding[],
): void {
  if (data === null || typeof data !== 'object') return;
  const node = schema as SchemaNode;
  if (isLocalised(node)) {
    const present = Object.keys(data);
    for (const lang of languages) {
      if (present.includes(lang)) continue;
      out.push({
        file,
        path,
        severity: 'warning',
        message: `no "${lang}" text; ${lang} readers see ${present.join(', ')}; add ${lang}: …`,
      });
    }
    for (const lang of present) {
      if (languages.includes(lang)) continue;
      out.push({
        file,
        path: [...path, lang],
        at: 'key',
        severity: 'warning',
        message: `"${lang}" is not a desk language (${languages.join(', ')}); this text is never shown, remove it or add the language to desk.yaml`,
      });
    }
    return;
  }
  if (Array.isArray(data)) {
    const items = node.items as SchemaNode | undefined;
    if (items)
      data.forEach((item, index) => checkLocalisedTexts(file, [...path, index], items, item, languages, out));
    return;
  }
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
  for (const [key, value] of Object.entries(data)) {
    const child = properties[key];
    if (child) checkLocalisedTexts(file, [...path, key], child, value, languages, out);
  }
}
