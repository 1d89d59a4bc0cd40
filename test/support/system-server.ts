// Suites that need a server installed on the machine (Dovecot for the IMAP tests; PostgreSQL next) ask
// here whether it is: a developer without it sees one line saying what was skipped and how to run it,
// never a silent skip; in CI (CI=true) a missing server fails the run, so a green CI means they ran.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** A server program a suite needs, and how to get it. */
export interface SystemServerNeed {
  /** What is skipped without it, e.g. "IMAP tests". */
  suite: string;
  /** The program looked up on PATH, e.g. "dovecot". */
  program: string;
  /** The variable that gives the program's path instead, e.g. "DOVECOT_PATH". */
  pathVariable: string;
  /** The package that installs it, e.g. "dovecot-imapd (apt)". */
  install: string;
  /** The test file asking (`import.meta.filename`), named in the line. */
  file: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the program is: the path variable if set, else the first match on PATH; or why it is not found. */
export function locateProgram(
  need: Pick<SystemServerNeed, 'program' | 'pathVariable'>,
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { missing: string } {
  const given = env[need.pathVariable];
  if (given)
    return isExecutable(given)
      ? { path: given }
      : { missing: `${need.pathVariable} is "${given}", which is not an executable file` };
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, need.program);
    if (isExecutable(candidate)) return { path: candidate };
  }
  return { missing: `${need.program} not found on PATH` };
}

/**
 * The program's path, or undefined after printing one line that says the suite is skipped and how to run
 * it. Under CI=true a missing program throws instead: the test file fails to load and the run fails.
 */
export function systemServer(
  need: SystemServerNeed,
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string | undefined {
  const found = locateProgram(need, env);
  if ('path' in found) return found.path;
  const file = path.relative(process.cwd(), need.file);
  const how = `install ${need.install} or set ${need.pathVariable}`;
  if (env.CI === 'true')
    throw new Error(
      `${need.suite} cannot run in CI (CI=true) (${file}): ${found.missing}; ${how} (.ci/run installs it)`,
    );
  print(`${need.suite} skipped (${file}): ${found.missing}; ${how}, or run .ci/run`);
  return undefined;
}
