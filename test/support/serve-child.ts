// `repodesk serve` as its own process, configured only by its environment as an operator would (GitHub
// stand-in, SMTP_URL, IMAP_URL, DATA_DIR…), for tests that need the real startup path or a kill -9.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './bot-harness.ts';

export interface ServeChild {
  process: ChildProcess;
  /** The bot's base URL, once it logged "bot listening". */
  url: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stderr (its JSON log). */
  log(): string;
  /** SIGTERM and wait (nothing if it already exited). */
  stop(): Promise<void>;
}

export function startServe(options: {
  standinUrl: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Variables left out of the defaults (GITHUB_TOKEN to use credentials stored by `setup github`). */
  unset?: string[];
  /** Default 0: a free port. */
  port?: number;
}): ServeChild {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    GITHUB_TOKEN: 'bot-token',
    GITHUB_REPOSITORY: 'acme/support',
    GITHUB_API_URL: options.standinUrl,
    WEBHOOK_SECRET: 'serve-child-secret',
    PUBLIC_SITE_URL: 'http://site.test',
    DATA_DIR: options.dataDir,
    REPODESK_ROOT: repoRoot,
    ...options.env,
  };
  for (const name of options.unset ?? []) delete env[name];
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'src/cli/main.ts'),
      'serve',
      '--port',
      String(options.port ?? 0),
      '--host',
      '127.0.0.1',
    ],
    { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let buffered = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      if (process.env.DEBUG_SERVE) process.stdout.write(chunk);
      const match = /"msg":"bot listening"[^\n]*"url":"([^"]+)"/.exec(buffered);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`serve exited before listening: ${buffered.slice(-2000)}`)));
  });
  // A test that never awaits `url` (it expects a crash first) must not see an unhandled rejection.
  url.catch(() => undefined);
  return {
    process: child,
    url,
    exited,
    log: () => buffered,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
