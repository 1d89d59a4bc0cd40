// One turn per issue for every change the bot makes to it: the sweep (a scheduled task), jobs (routing an
// issue opened on GitHub, an agent's command, an inbound mail's status, an alert's update, the executor's
// actions) and anything else that reads an issue and then writes it take their turn, and read the issue
// again inside their turn before computing the write. Without it, two writers that read the same labels
// and both send the whole list in one PATCH lose whichever landed first (seen: the sweep's sla:breached and
// an agent's /status). Two implementations, chosen by the store (bot/create-context.ts): in-process
// (`in-process-issue-locks.ts`, SQLite: one process holds the data folder, so no one else writes) and shared
// by the replicas (`shared-issue-locks.ts`, PostgreSQL). An agent's own edit on GitHub between our read and
// our write is not serialised (see ../executor/README.md).

/**
 * Runs work on one issue of a repository after the work queued on it before, one at a time per issue. Issue
 * numbers are per repository (confidential queues): #1 of the HR repository is not the default's #1.
 */
export interface IssueLocks {
  /** Runs `work` once every earlier `run` on issue `number` has settled; resolves to what it returns. */
  run<T>(number: number, work: () => Promise<T>): Promise<T>;
  /** The locks of another repository's issues (`owner/name`), queued with these in the same process. */
  forRepository(repository: string): IssueLocks;
}
