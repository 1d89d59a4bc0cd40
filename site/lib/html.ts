// HTML written the way Astro's renderer writes it (astro/dist/runtime/server/escape.js and render/util.js),
// for the parts of pages that site/build-site.ts assembles outside Astro: a page filled in there is, byte
// for byte, the page an Astro component would have written.

const textEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&#39;',
  '"': '&quot;',
};

/** Text between tags, escaped as Astro escapes `{value}`. */
export function text(value: string): string {
  return value.replace(/[&<>'"]/g, (character) => textEntities[character] ?? character);
}

/** An attribute's value between its quotes, escaped as Astro escapes `name={value}` (`&` and `"`). */
export function attributeValue(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/**
 * One attribute as Astro writes `name={value}`: ` name="value"`, ` name` for an empty text, nothing for
 * null or undefined.
 */
export function attribute(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const written = String(value);
  return written === '' ? ` ${name}` : ` ${name}="${attributeValue(written)}"`;
}
