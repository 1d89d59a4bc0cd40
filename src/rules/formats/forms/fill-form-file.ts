// What a GitHub issue form leaves optional and repodesk needs, filled in before the schema runs, so that
// every form GitHub accepts is a valid repodesk form as it is: a field without `id` gets one derived from
// its label (GitHub finds such answers by their `### Label` heading), `labels`, `assignees` and
// `projects` written as one comma-separated text become lists, and a missing `repodesk:` gets its subject
// and description fields. Pure: the parsed data in (changed in place), what was derived out.
import type { PathSegment } from '../../yaml-source.ts';

/** A field id the reader derived from a label, for `repodesk validate` to print. */
export interface DerivedFieldId {
  /** The item's path: `['body', 2]`. */
  path: PathSegment[];
  id: string;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `Steps to reproduce` → `steps-to-reproduce`; accents dropped, anything else becomes `-`. */
function slugFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'field' : slug;
}

/** Fills `data` (a form file's parsed YAML) in place; returns the ids derived from labels. */
export function fillFormFile(data: unknown): DerivedFieldId[] {
  if (!isMap(data)) return [];
  for (const key of ['labels', 'assignees', 'projects'])
    if (typeof data[key] === 'string')
      data[key] = (data[key] as string)
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
  const body = Array.isArray(data.body) ? (data.body as unknown[]) : [];
  const taken = new Set<string>();
  for (const item of body)
    if (isMap(item) && typeof item.id === 'string' && item.type !== 'markdown') taken.add(item.id);
  const derived: DerivedFieldId[] = [];
  const fields: { type: string; id: string }[] = [];
  body.forEach((item, index) => {
    if (!isMap(item) || item.type === 'markdown' || typeof item.type !== 'string') return;
    if (item.id === undefined) {
      const label = isMap(item.attributes) ? item.attributes.label : undefined;
      if (typeof label !== 'string') return; // the schema says the label is missing
      const base = slugFromLabel(label);
      let id = base;
      for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
      taken.add(id);
      // Before `attributes`, where an author would write it (the export writes keys in this order).
      const { type, ...rest } = item;
      for (const key of Object.keys(item)) delete item[key];
      Object.assign(item, { type, id, ...rest });
      derived.push({ path: ['body', index], id });
    }
    if (typeof item.id === 'string') fields.push({ type: item.type, id: item.id });
  });
  if (data.repodesk === undefined) data.repodesk = {};
  if (isMap(data.repodesk)) {
    const first = (...types: string[]) =>
      types.map((type) => fields.find((field) => field.type === type)).find(Boolean)?.id;
    const subject = first('input', 'textarea', 'dropdown');
    const description = first('textarea', 'input');
    if (data.repodesk.subjectField === undefined && subject !== undefined)
      data.repodesk.subjectField = subject;
    if (data.repodesk.descriptionField === undefined && description !== undefined)
      data.repodesk.descriptionField = description;
  }
  return derived;
}
