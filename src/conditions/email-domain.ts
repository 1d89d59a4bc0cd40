// The domain part of an email address, as conditions and customers.yaml compare it.

/** The domain of an address, lower case; empty when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at === -1
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}
