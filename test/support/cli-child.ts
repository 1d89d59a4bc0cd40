// A `repodesk` command as its own process (the real CLI path, configured by its environment only), with
// its output as it comes: tests wait for a line, act (play the browser), then read the exit code.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './bot-harness.ts';

export interface CliChild {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (rejects if the command exits first). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
  kill(): void;
}

export function startCli(args: string[], env: Record<string, string | undefined>): CliChild {
  const child = spawn(process.execPath, [path.join(repoRoot, 'src/cli/main.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const listener of listeners) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (!match) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${pattern} in time; stdout: ${out.slice(-1500)} stderr: ${err.slice(-1500)}`));
        }, timeoutMs);
        if (check()) return;
        listeners.add(check);
        void exited.then(() => {
          if (listeners.has(check) && !check())
            reject(
              new Error(`exited before ${pattern}; stdout: ${out.slice(-1500)} stderr: ${err.slice(-1500)}`),
            );
        });
      });
    },
  };
}

/** Runs a command to its end: exit code and output. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startCli(args, env);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}
