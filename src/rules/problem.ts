// A problem found in rules/ or kb/: where it is, how bad, and what to do about it.

export interface Problem {
  /** Path relative to the validated root, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the file's data, e.g. `rules[2].then.team`; empty for the whole file. */
  path: string;
  severity: 'error' | 'warning';
  /** What was expected, what was found, and the fix. */
  message: string;
}

/** `rules/routing.yaml:14:9 error rules[2].then.team: unknown team "billng"; known teams: billing, it` */
export function formatProblem(problem: Problem): string {
  const where = problem.path === '' ? '' : `${problem.path}: `;
  return `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${where}${problem.message}`;
}

/** Orders problems by file, then position, then message, so output is stable. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
