// A private PostgreSQL cluster for tests: `initdb` into a temporary folder, `postgres` on a free port of
// 127.0.0.1 with trust authentication, one database per caller (`createDatabase`), removed at `stop`.
// Root cannot run initdb: as root, the folder goes to the `postgres` account and the programs run as it
// (runuser). The programs are found as test/support/system-server.ts says (a missing one skips, in CI fails).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { systemServer } from './system-server.ts';

export interface PostgresServer {
  /** A new empty database; its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** initdb and postgres, or undefined after one skip line (CI=true: throws). */
export function postgresPrograms(file: string): { initdb: string; postgres: string } | undefined {
  const need = { suite: 'PostgreSQL tests', install: 'postgresql-15 (apt)', file };
  const initdb = systemServer({ ...need, program: 'initdb', pathVariable: 'INITDB_PATH' });
  if (!initdb) return undefined;
  const postgres = systemServer({ ...need, program: 'postgres', pathVariable: 'POSTGRES_PATH' });
  return postgres ? { initdb, postgres } : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster; resolves once it accepts connections. */
export async function startPostgres(programs: { initdb: string; postgres: string }): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', program, ...args]] as const) : ([program, args] as const);
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const data = path.join(dir, 'data');
  const [initdb, initArgs] = run(programs.initdb, [
    '-D',
    data,
    '--auth=trust',
    '-U',
    'repodesk',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  // fsync stays on: the store's promise (stored before the answer) is tested as it runs in production.
  const [postgres, args] = run(programs.postgres, [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
  ]);
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const admin = `postgres://repodesk@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: admin });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`PostgreSQL did not start in ${data}: ${output.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  let count = 0;
  return {
    async createDatabase() {
      count += 1;
      const name = `repodesk_${count}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://repodesk@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // SIGINT to the postmaster itself (runuser does not pass it on): the fast shutdown, clients are
        // disconnected and nothing waits for them.
        const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(pid, 'SIGINT');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
