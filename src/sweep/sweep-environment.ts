// The edge shared by `repodesk sweep` and `repodesk sla`: the rules loaded from disk and the Tracker
// built from the environment (GITHUB_TOKEN or GitHub App, GITHUB_REPOSITORY, GITHUB_API_URL).

import { configSecrets, loadConfig } from '../config/load-config.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import type { Rules } from '../rules/types.ts';
import { trackerFromConfig } from '../tracker/tracker-from-config.ts';
import type { CachedIssuePage, GithubTracker } from '../tracker/github-tracker.ts';

/** The rules under `root`, or the problems to print (the same list `repodesk validate` shows). */
export async function rulesOrProblems(
  root: string,
  now: Date,
): Promise<{ rules: Rules; contentHash: string } | { problems: string[] }> {
  const loaded = await loadRules(root, { now });
  if (loaded.rules) return { rules: loaded.rules, contentHash: loaded.contentHash };
  return {
    problems: loaded.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => formatProblem(problem)),
  };
}

/** The tracker of the support repository, or the configuration problems naming each variable. */
export function trackerFromEnvironment(
  env: NodeJS.ProcessEnv,
  /** `--repository owner/repo`: wins over GITHUB_REPOSITORY (which Actions sets to the running repo). */
  repository?: string,
  /** Pages of open issues from an earlier run, sent again as conditional requests. */
  issuePages?: Map<string, CachedIssuePage>,
): { tracker: GithubTracker; repository: string; log: Logger } | { problems: string[] } {
  const { config, errors } = loadConfig(repository ? { ...env, GITHUB_REPOSITORY: repository } : env, {
    mode: 'offline',
  });
  const problems = [...errors];
  if (!config.githubAuth) {
    problems.push(
      'GITHUB_TOKEN: missing; set GITHUB_TOKEN (or GitHub App credentials) to reach the support repository',
    );
  }
  if (!config.repository) {
    problems.push(
      'GITHUB_REPOSITORY: missing; set the support repository, for example GITHUB_REPOSITORY=acme/support',
    );
  }
  if (problems.length > 0 || !config.repository) return { problems };
  const log = createLogger({
    level: env.LOG_LEVEL === 'debug' ? 'debug' : 'warn',
    secrets: configSecrets(config),
  });
  return {
    tracker: trackerFromConfig(config, log, undefined, issuePages),
    repository: config.repository,
    log,
  };
}
