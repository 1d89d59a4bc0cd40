// "Did you mean …?" for unknown keys and references.

function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The candidate closest to `wrong`, if close enough to be a likely typo. */
export function closestMatch(wrong: string, candidates: Iterable<string>): string | undefined {
  const lower = wrong.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(wrong.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `a, b, c` — long lists are cut so a message stays one readable line. */
export function listChoices(choices: Iterable<string>, max = 25): string {
  const all = [...choices];
  if (all.length === 0) return '(none)';
  if (all.length <= max) return all.join(', ');
  return `${all.slice(0, max).join(', ')} … and ${all.length - max} more`;
}
