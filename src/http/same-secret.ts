// Compares a secret someone sent with the one configured, in constant time whatever their lengths (both are
// hashed first, so neither the content nor the length of the expected secret leaks through timing).

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whether `given` equals `expected`, compared in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
