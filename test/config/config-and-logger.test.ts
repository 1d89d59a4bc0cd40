import { describe, expect, it } from 'vitest';
import { configSecrets, loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/config/logger.ts';

describe('configuration from the environment', () => {
  it.each([
    {
      name: 'a GitHub App missing its key names what is missing',
      env: {
        GITHUB_APP_ID: '1',
        GITHUB_APP_INSTALLATION_ID: '2',
        GITHUB_REPOSITORY: 'a/b',
        WEBHOOK_SECRET: 's',
      },
      error:
        'GITHUB_APP_PRIVATE_KEY: missing; GitHub App credentials need all of GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID (or set GITHUB_TOKEN instead)',
    },
    {
      name: 'a port that is not a number',
      env: { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b', WEBHOOK_SECRET: 's', PORT: 'http' },
      error: 'PORT: expected a whole number from 0 to 65535, found "http"; for example PORT=8787',
    },
    {
      name: 'a site URL that is not a URL',
      env: {
        GITHUB_TOKEN: 't',
        GITHUB_REPOSITORY: 'a/b',
        WEBHOOK_SECRET: 's',
        PUBLIC_SITE_URL: 'help.example.org',
      },
      error:
        'PUBLIC_SITE_URL: expected an absolute URL such as https://example.org, found "help.example.org"; fix the value or unset PUBLIC_SITE_URL',
    },
  ])('$name', ({ env, error }) => {
    expect(loadConfig(env, { mode: 'serve', cwd: '/srv' }).errors).toEqual([error]);
  });

  it.each([
    {
      value: '80/m,500/h',
      limits: [
        { max: 80, windowMs: 60_000 },
        { max: 500, windowMs: 3_600_000 },
      ],
    },
    { value: '600', limits: [{ max: 600, windowMs: 60_000 }] },
    {
      value: ' 20000/h , 600/M ',
      limits: [
        { max: 20000, windowMs: 3_600_000 },
        { max: 600, windowMs: 60_000 },
      ],
    },
  ])('GITHUB_WRITE_BUDGET=$value sets the write budget', ({ value, limits }) => {
    const { config, errors } = loadConfig(
      { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b', WEBHOOK_SECRET: 's', GITHUB_WRITE_BUDGET: value },
      { mode: 'serve', cwd: '/srv' },
    );
    expect(errors).toEqual([]);
    expect(config.writeLimits).toEqual(limits);
  });

  it('each alert endpoint takes its own token from the environment, masked in logs', () => {
    const { config, errors } = loadConfig(
      {
        GITHUB_TOKEN: 't',
        GITHUB_REPOSITORY: 'a/b',
        WEBHOOK_SECRET: 's',
        ALERTS_ALERTMANAGER_TOKEN: 'am-0123456789abcdef',
        ALERTS_GENERIC_TOKEN: 'generic-0123456789abcdef',
      },
      { mode: 'serve', cwd: '/srv' },
    );
    expect(errors).toEqual([]);
    expect(config.alertTokens).toEqual({
      alertmanager: 'am-0123456789abcdef',
      generic: 'generic-0123456789abcdef',
    });
    expect(configSecrets(config)).toEqual(
      expect.arrayContaining(['am-0123456789abcdef', 'generic-0123456789abcdef']),
    );
  });

  it('an alert token too short to be a secret is refused, its length said, never its value', () => {
    const { errors } = loadConfig(
      { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b', WEBHOOK_SECRET: 's', ALERTS_GRAFANA_TOKEN: 'grafana' },
      { mode: 'serve', cwd: '/srv' },
    );
    expect(errors).toEqual([
      'ALERTS_GRAFANA_TOKEN: expected at least 16 printable characters without spaces (7 characters given); generate one with `openssl rand -hex 32`',
    ]);
  });

  it.each(['80/s', '0', 'lots', '80/m,90/m', '80/m;500/h'])(
    'GITHUB_WRITE_BUDGET=%s is refused with the expected form and an example',
    (value) => {
      const { errors } = loadConfig(
        { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'a/b', WEBHOOK_SECRET: 's', GITHUB_WRITE_BUDGET: value },
        { mode: 'serve', cwd: '/srv' },
      );
      expect(errors).toEqual([
        `GITHUB_WRITE_BUDGET: expected writes per minute and optionally per hour such as 80/m,500/h (GitHub.com's limits) or 600, found "${value}"; set it to your GitHub Enterprise Server's content-creation limits, for example GITHUB_WRITE_BUDGET=600/m,20000/h`,
      ]);
    },
  );

  it('reads every secret of a rotation, defaults the data folder and the API URL', () => {
    const { config, errors } = loadConfig(
      {
        GITHUB_TOKEN: 'ghp_x',
        GITHUB_REPOSITORY: 'acme/support',
        WEBHOOK_SECRET: 'new, old',
        SMTP_URL: 'smtp://u:p%40ss@mail:587',
      },
      { mode: 'serve', cwd: '/srv' },
    );
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      webhookSecrets: ['new', 'old'],
      dataDir: '/srv/.data',
      githubApiUrl: 'https://api.github.com',
      port: 8787,
    });
    expect(configSecrets(config).sort()).toEqual(['ghp_x', 'new', 'old', 'p@ss'].sort());
  });
});

describe('logger', () => {
  it('writes one JSON line per event and never a secret or customer text', () => {
    const lines: string[] = [];
    const log = createLogger({
      write: (line) => lines.push(line),
      secrets: ['ghp_supersecret'],
      now: () => 0,
    });
    log.child({ job: 7 }).info('issue created', {
      token: 'ghp_supersecret',
      email: 'marie@example.org',
      url: 'https://x/?t=ghp_supersecret',
      issue: 12,
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'issue created',
      job: 7,
      token: '[redacted]',
      email: '[redacted]',
      url: 'https://x/?t=[redacted]',
      issue: 12,
    });
  });
});
