// A browser reduced to what the GitHub App manifest flow needs: follow redirects, and on a page holding a
// form, submit it as a person clicking its button would (hidden fields, text fields, checked boxes), with
// `fill` to change fields first. No script runs: the pages must work without one.

import { Parser } from 'htmlparser2';

export interface FormField {
  name: string;
  value: string;
  type: string;
  checked: boolean;
}

export interface PageForm {
  action: string;
  method: string;
  fields: FormField[];
}

export interface Visit {
  url: string;
  status: number;
  html: string;
  /** Where a redirect sends the browser. */
  location?: string;
}

/** The first form of `html`, if any. */
function firstForm(html: string, pageUrl: string): PageForm | undefined {
  let form: PageForm | undefined;
  let done = false;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (done) return;
      if (name === 'form' && !form) {
        form = {
          action: new URL(attributes.action ?? pageUrl, pageUrl).href,
          method: (attributes.method ?? 'get').toUpperCase(),
          fields: [],
        };
      } else if (form && name === 'input' && attributes.name) {
        form.fields.push({
          name: attributes.name,
          value: attributes.value ?? (attributes.type === 'checkbox' ? 'on' : ''),
          type: attributes.type ?? 'text',
          checked: 'checked' in attributes,
        });
      }
    },
    onclosetag(name) {
      if (name === 'form' && form) done = true;
    },
  });
  parser.write(html);
  parser.end();
  return form;
}

/**
 * Opens `start` and goes on until a page has no form (or `steps` pages were seen): every visit, in order.
 * `fill(form, visit)` may change the fields of each form before it is sent.
 */
export async function browse(
  start: string,
  options: { fill?: (form: PageForm, visit: Visit) => void; steps?: number } = {},
): Promise<Visit[]> {
  const visits: Visit[] = [];
  let request: { url: string; method: string; body?: string } = { url: start, method: 'GET' };
  for (let step = 0; step < (options.steps ?? 20); step += 1) {
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      ...(request.body === undefined
        ? {}
        : { body: request.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    });
    const html = await response.text();
    const location = response.headers.get('location');
    const visit: Visit = { url: request.url, status: response.status, html };
    if (location) visit.location = new URL(location, request.url).href;
    visits.push(visit);
    if (response.status >= 300 && response.status < 400 && location) {
      request = { url: new URL(location, request.url).href, method: 'GET' };
      continue;
    }
    const form = firstForm(html, request.url);
    if (!form || response.status >= 400) return visits;
    options.fill?.(form, visit);
    const data = new URLSearchParams();
    for (const field of form.fields)
      if (field.type !== 'checkbox' || field.checked) data.append(field.name, field.value);
    request =
      form.method === 'POST'
        ? { url: form.action, method: 'POST', body: data.toString() }
        : { url: `${form.action.split('?')[0]}?${data.toString()}`, method: 'GET' };
  }
  return visits;
}
