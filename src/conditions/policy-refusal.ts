// Why an SLA policy's `when` refuses a key about the request itself.

/** `what`: the request's part the key tests, as the message names it (`subject`, `form answers`). */
export function policyRefusal(what: string): string {
  return `an SLA policy is chosen from the issue after routing, where the request's ${what} is not known; test it in a routing rule that sets a label or a priority, and test that here`;
}
