// The shape of a `repodesk` subcommand: each module under src/cli/ exports one, and main.ts lists them.

/** What every subcommand module exports. */
export interface Command {
  /** One line shown by `repodesk --help`. */
  summary: string;
  /** Full usage text shown by `repodesk <command> --help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}
