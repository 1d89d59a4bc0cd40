// The Tracker the bot writes through, built from the configuration (token or GitHub App, base URL).

import type { BotConfig } from '../config/load-config.ts';
import type { Logger } from '../config/logger.ts';
import { createOctokit } from './create-octokit.ts';
import { GithubTracker, type CachedIssuePage } from './github-tracker.ts';

export function trackerFromConfig(
  config: BotConfig,
  log: Logger,
  now?: () => number,
  /** Pages of open issues kept from an earlier process, for conditional requests (`repodesk sweep --cache`). */
  issuePages?: Map<string, CachedIssuePage>,
): GithubTracker {
  const auth = config.githubAuth;
  if (!auth || !config.repository) {
    throw new Error(
      'GITHUB_TOKEN (or GitHub App credentials) and GITHUB_REPOSITORY are required to reach GitHub',
    );
  }
  const octokit = createOctokit(
    auth.kind === 'token'
      ? { baseUrl: config.githubApiUrl, token: auth.token }
      : {
          baseUrl: config.githubApiUrl,
          appId: auth.appId,
          privateKey: auth.privateKey,
          installationId: Number(auth.installationId),
        },
    { log: log.child({ part: 'octokit' }) },
  );
  return new GithubTracker({
    octokit,
    repository: config.repository,
    identity: auth.kind === 'app' ? 'app' : 'user',
    ...(now ? { now } : {}),
    ...(config.botLogin ? { selfLogin: config.botLogin } : {}),
    ...(config.otherBotLogins ? { otherLogins: config.otherBotLogins } : {}),
    ...(issuePages ? { issuePages } : {}),
  });
}
