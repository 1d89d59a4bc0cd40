// Reloads rules/ on SIGHUP or when a file changes, and swaps them in only when they are valid: invalid
// rules are reported and the bot keeps serving with the last valid ones.

import fs from 'node:fs';
import path from 'node:path';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import type { BotServices } from './bot-services.ts';

/** Loads the rules once more; resolves to whether they were swapped in. */
export async function reloadRules(services: BotServices, root: string): Promise<boolean> {
  const result = await loadRules(root, { now: new Date(services.clock()) });
  if (!result.rules) {
    const errors = result.problems.filter((problem) => problem.severity === 'error');
    services.log.error('rules reload refused: keeping the last valid rules', {
      problems: errors.slice(0, 20).map(formatProblem),
      count: errors.length,
    });
    services.metrics.count('repodesk_rules_reloads_total', 'Rules reloads by outcome.', {
      outcome: 'refused',
    });
    return false;
  }
  services.rules.current = result.rules;
  services.rules.loadedAt = services.clock();
  services.metrics.count('repodesk_rules_reloads_total', 'Rules reloads by outcome.', { outcome: 'applied' });
  services.log.info('rules reloaded', { files: result.ruleFiles.length });
  return true;
}

/** Watches `root/rules` and listens for SIGHUP; returns a function that stops both. */
export function watchRules(services: BotServices, root: string): () => void {
  let timer: NodeJS.Timeout | undefined;
  let pending = Promise.resolve();
  const schedule = () => {
    if (timer) clearTimeout(timer);
    // Editors write a file in several steps: wait for the burst to end.
    timer = setTimeout(() => {
      pending = pending.then(() => reloadRules(services, root).then(() => undefined));
    }, 300);
  };
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(path.join(root, 'rules'), { recursive: true }, schedule);
    watcher.on('error', (error) => services.log.warn('rules watcher stopped; reload with SIGHUP', { error }));
  } catch (error) {
    services.log.warn('cannot watch rules/; reload with SIGHUP', { error });
  }
  process.on('SIGHUP', schedule);
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
    process.off('SIGHUP', schedule);
  };
}
