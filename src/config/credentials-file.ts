// The GitHub App credentials `repodesk setup github` stores: DATA_DIR/github-app.env, mode 0600, in the
// env-file format (`NAME=value` lines, the private key on one line with `\n`), which `repodesk serve`,
// `start`, `doctor` and `privacy` read at start, and which systemd's EnvironmentFile=, `docker run
// --env-file` and `node --env-file` read as is. A variable already set in the environment wins over the
// file. Why the data folder: it already holds the bot's own secrets (status-token.key, 0600) and is never
// part of the repository, where a `.env` beside rules/ and kb/ is one `git add -A` away from a commit.

import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/** The file's name under DATA_DIR. */
const credentialsFileName = 'github-app.env';

/** The variables the file may hold, in the order they are written. */
export const credentialVariables = [
  'GITHUB_APP_ID',
  'GITHUB_APP_INSTALLATION_ID',
  'GITHUB_APP_PRIVATE_KEY',
  'WEBHOOK_SECRET',
  'GITHUB_REPOSITORY',
  'GITHUB_API_URL',
  'GITHUB_APP_SLUG',
  'GITHUB_APP_CLIENT_ID',
  'GITHUB_APP_CLIENT_SECRET',
] as const;

export type CredentialVariable = (typeof credentialVariables)[number];

export type Credentials = Partial<Record<CredentialVariable, string>>;

/** The data folder `env` names (DATA_DIR, default .data), as loadConfig resolves it. */
export function dataDirOf(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  return path.resolve(cwd, env.DATA_DIR || '.data');
}

/** The path of the credentials file in `dataDir`. */
export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, credentialsFileName);
}

/** The stored credentials, or undefined when the file does not exist. */
export function readCredentials(dataDir: string): Credentials | undefined {
  let text: string;
  try {
    text = fs.readFileSync(credentialsFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = parseEnv(text);
  const credentials: Credentials = {};
  for (const name of credentialVariables) {
    const value = parsed[name];
    if (value !== undefined && value !== '') credentials[name] = value;
  }
  return credentials;
}

/**
 * Writes `credentials` whole (mode 0600, written beside and renamed, so a reader never sees half a file and
 * the mode holds from the first byte).
 */
export function writeCredentials(dataDir: string, credentials: Credentials, now: Date): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = credentialsFile(dataDir);
  const lines = [
    `# GitHub App credentials written by \`repodesk setup github\` on ${now.toISOString()}.`,
    '# Secret: keep this file 0600 and out of any repository. Variables set in the environment win over it.',
  ];
  for (const name of credentialVariables) {
    const value = credentials[name];
    if (value === undefined) continue;
    lines.push(`${name}=${value.replace(/\r?\n/g, '\\n')}`);
  }
  const temporary = `${file}.${process.pid}.partial`;
  fs.writeFileSync(temporary, lines.join('\n') + '\n', { mode: 0o600, flag: 'w' });
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
  return file;
}

/**
 * `env` with the stored credentials of its data folder under it: what the commands read their
 * configuration from. `file` is the path when the file was read.
 */
export function withStoredCredentials(
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): { env: NodeJS.ProcessEnv; file?: string } {
  const dataDir = dataDirOf(env, cwd);
  const stored = readCredentials(dataDir);
  if (!stored) return { env };
  const merged: NodeJS.ProcessEnv = { ...env };
  // A token in the environment means the operator chose it: the App's key is not mixed in.
  const appInEnv = Boolean(env.GITHUB_TOKEN || env.GITHUB_APP_ID);
  for (const [name, value] of Object.entries(stored)) {
    if (appInEnv && name.startsWith('GITHUB_APP_')) continue;
    if (merged[name] === undefined || merged[name] === '') merged[name] = value;
  }
  return { env: merged, file: credentialsFile(dataDir) };
}
