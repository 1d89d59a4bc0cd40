// The operator's sweep settings in the environment of `repodesk serve`: how often the bot sweeps, and
// which logins repodesk writes as.

import { describe, expect, it } from 'vitest';
import { defaultSweepEveryMs, loadConfig } from '../../src/config/load-config.ts';

const base = { GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'acme/support', WEBHOOK_SECRET: 's' };

describe('SWEEP_EVERY', () => {
  it.each([
    ['unset: every 15 minutes', undefined, defaultSweepEveryMs],
    ['5m', '5m', 5 * 60_000],
    ['1h30m', '1h30m', 90 * 60_000],
    ['90s', '90s', 90_000],
    ['0 turns the sweep off', '0', 0],
    ['off turns the sweep off', 'off', 0],
  ])('%s', (_name, value, ms) => {
    const { config, errors } = loadConfig(value === undefined ? base : { ...base, SWEEP_EVERY: value }, {
      mode: 'serve',
    });
    expect(errors).toEqual([]);
    expect(config.sweepEveryMs).toBe(ms);
  });

  it.each(['15', '10s', 'quarter', '-5m'])('refuses "%s" and names the fix', (value) => {
    expect(loadConfig({ ...base, SWEEP_EVERY: value }, { mode: 'serve' }).errors).toEqual([
      `SWEEP_EVERY: expected a duration of at least one minute such as 15m, 1h or 1h30m, or off to run no sweep in this process, found "${value}"; for example SWEEP_EVERY=15m`,
    ]);
  });
});

describe('REPODESK_BOT_LOGIN and REPODESK_OTHER_LOGINS', () => {
  it('reads the login to write as and the other repodesk accounts', () => {
    const { config, errors } = loadConfig(
      {
        ...base,
        REPODESK_BOT_LOGIN: 'repodesk-app[bot]',
        REPODESK_OTHER_LOGINS: 'github-actions[bot], repodesk-bot',
      },
      { mode: 'serve' },
    );
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      botLogin: 'repodesk-app[bot]',
      otherBotLogins: ['github-actions[bot]', 'repodesk-bot'],
    });
  });

  it.each([
    [
      { REPODESK_BOT_LOGIN: '@repodesk' },
      'REPODESK_BOT_LOGIN: expected GitHub logins such as repodesk-bot or github-actions[bot] (comma-separated), found "@repodesk"; fix the value or unset REPODESK_BOT_LOGIN',
    ],
    [
      { REPODESK_BOT_LOGIN: 'a,b' },
      'REPODESK_BOT_LOGIN: expected one login, found "a,b"; list the other repodesk accounts in REPODESK_OTHER_LOGINS',
    ],
    [
      { REPODESK_OTHER_LOGINS: 'github-actions[bot];x' },
      'REPODESK_OTHER_LOGINS: expected GitHub logins such as repodesk-bot or github-actions[bot] (comma-separated), found "github-actions[bot];x"; fix the value or unset REPODESK_OTHER_LOGINS',
    ],
  ])('refuses %j', (env, message) => {
    expect(loadConfig({ ...base, ...env }, { mode: 'serve' }).errors).toEqual([message]);
  });
});
