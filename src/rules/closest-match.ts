// "Did you mean …?" for unknown keys and references.

/** Edit distance where swapping two neighbouring letters counts as one edit (`tema` → `team`). */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
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
  // Short words need a closer match: any two-letter code is two edits from any other.
  const limit = wrong.length <= 3 ? 1 : Math.max(2, Math.floor(wrong.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `a, b, c` — long lists are cut so a message stays one readable line. */
export function listChoices(choices: Iterable<string>, max = 25): string {
  const all = [...choices];
  if (all.length === 0) return '(none)';
  if (all.length <= max) return all.join(', ');
  return `${all.slice(0, max).join(', ')} … and ${all.length - max} more`;
}
