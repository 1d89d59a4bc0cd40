// The forms customers may use on the help site: every form of rules/forms/ but the agents' own (`channel:
// phone`, a call log filled on GitHub), which the site does not list and the form endpoint does not accept.

import type { RequestForm } from '../rules/types.ts';

/** `forms` without the agents' own forms, keyed by form id as given. */
export function portalForms(forms: Record<string, RequestForm>): Record<string, RequestForm> {
  return Object.fromEntries(Object.entries(forms).filter(([, form]) => form.repodesk.channel === undefined));
}
