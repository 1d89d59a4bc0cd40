// Named places where the crash tests kill the process (kill -9 semantics: no cleanup, no flush), to prove
// that a restart after a crash at any step still makes exactly one issue. Inert unless the environment
// variable REPODESK_CRASH_AT names the point; nobody sets it outside the tests.

/** The steps the crash tests target. */
export type CrashPointName = 'after-inbox-write' | 'after-create-post' | 'before-create-post';

/** Kills the process at once when REPODESK_CRASH_AT equals `name`. */
export function crashPoint(name: CrashPointName): void {
  if (process.env.REPODESK_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
