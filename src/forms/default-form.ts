// The form a submission is checked against when it names none: the first of the request catalogue, as
// the help site lists it (agents' own forms left out) (categories by `order`, then forms by `repodesk.order`, then id). It lets a 422
// list every missing field at once instead of only "form".

import type { Rules } from '../rules/types.ts';
import { portalForms } from './portal-forms.ts';

/** The id of the catalogue's first form, or undefined when the desk has no form. */
export function defaultFormId(rules: Rules): string | undefined {
  const categoryOrder = new Map(rules.desk.categories.map((category) => [category.id, category.order]));
  const rank = (id: string): [number, number, string] => {
    const form = rules.forms[id];
    return [
      categoryOrder.get(form?.repodesk.category ?? '') ?? Number.MAX_SAFE_INTEGER,
      form?.repodesk.order ?? 0,
      id,
    ];
  };
  return Object.keys(portalForms(rules.forms)).sort((a, b) => {
    const [categoryA, orderA, idA] = rank(a);
    const [categoryB, orderB, idB] = rank(b);
    return categoryA - categoryB || orderA - orderB || (idA < idB ? -1 : idA > idB ? 1 : 0);
  })[0];
}
