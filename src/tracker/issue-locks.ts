// One queue per issue for every change the bot makes to it: the sweep (a scheduled task in the same
// process), jobs (routing an issue opened on GitHub, an agent's command, an inbound mail's status) and
// anything else that reads an issue and then writes it take their turn here, and read the issue again
// inside their turn before computing the write. Without it, two writers that read the same labels and
// both send the whole list in one PATCH lose whichever landed first (seen: the sweep's sla:breached and an
// agent's /status). Only this process is serialised: an agent's own edit on GitHub between our read and our
// write is not (see ../executor/README.md).

/** Runs work on one issue after the work queued on it before, one at a time per issue number. */
export class IssueLocks {
  #tails = new Map<number, Promise<void>>();

  /** Runs `work` once every earlier `run` on issue `number` has settled; resolves to what it returns. */
  async run<T>(number: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(number) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(number, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(number) === tail) this.#tails.delete(number);
    }
  }
}
