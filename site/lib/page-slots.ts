// Pages with slots. The pages that show articles (each article, each category, each home page) are
// rendered by Astro once per language (and category) as templates, with a slot marker wherever a part
// depends on the articles; site/build-site.ts fills the slots for every page without Astro. A marker is
// made of private-use characters, which Astro writes unescaped in text and attributes and which no
// escaped value can contain.

const open = '\uE000';
const close = '\uE001';

/** The marker of slot `name`, to put in a template page where that part goes. */
export function slot(name: string): string {
  return `${open}${name}${close}`;
}

/** Whether `value` is a slot marker (a layout then writes the marker instead of computing the part). */
export function isSlot(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(open) && value.endsWith(close);
}

/** A template page split at its markers: text, slot name, text, slot name, …, text. */
export interface PageTemplate {
  parts: string[];
}

const markers = new RegExp(`${open}([^${close}]*)${close}`);

/** Splits a rendered template page at its slot markers. */
export function parseTemplate(html: string): PageTemplate {
  return { parts: html.split(markers) };
}

/**
 * The page: every marker replaced by its value, already written as HTML for where it stands. Values are
 * never scanned for markers, so text that looks like one stays text.
 */
export function fillTemplate(
  template: PageTemplate,
  values: Readonly<Record<string, string>>,
  page: string,
): string {
  let html = '';
  template.parts.forEach((part, index) => {
    if (index % 2 === 0) {
      html += part;
      return;
    }
    const value = values[part];
    if (value === undefined) throw new Error(`${page}: the template has a slot "${part}" that nothing fills`);
    html += value;
  });
  return html;
}
