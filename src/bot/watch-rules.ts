// Reloads rules/ when it changes, on SIGHUP, and (a safety net) when a once-a-minute look finds other
// content, swapping the rules in only when they are valid: invalid rules are reported, the bot keeps
// serving with the last valid ones, and no reload error, of any kind, stops the bot or later reloads.
//
// Watching: one non-recursive watcher per folder (rules/ and each folder under it) plus one on the root
// for rules/ itself, armed again after every change. Node's recursive watcher stops reporting a file once
// it has been replaced by a rename (git checkout, `sed -i`, editors), and no watcher follows a folder
// swapped by a deploy (`mv rules.new rules`); chokidar misses the swap too. Changes are settled for half
// a second (a pull of many files is one reload), then rules/ is hashed: the same content as in force is
// no new version (rules-version.ts), whatever events led there.

import fs from 'node:fs';
import path from 'node:path';
import { hashRulesFolder } from '../rules/hash-rules-folder.ts';
import { formatProblem, loadRules } from '../rules/load-rules.ts';
import { rulesVersion } from '../rules/rules-version.ts';
import { readEmailTemplates } from './read-email-templates.ts';
import type { BotContext } from '../context.ts';

export type ReloadOutcome = 'applied' | 'unchanged' | 'refused' | 'failed';

export interface WatchOptions {
  /** Watch the files (default); false: only SIGHUP reloads (RULES_WATCH=off). */
  watch?: boolean;
  /** Quiet time after the last change before reloading. */
  settleMs?: number;
  /** Time between two looks at the content in case a change was not reported (0: never). */
  pollMs?: number;
}

const reloadMetric = 'repodesk_rules_reloads_total';
const reloadHelp = 'Rules reloads by outcome.';

/**
 * Loads rules/ under `root` once more and swaps them in when they are valid and new. `force` (SIGHUP)
 * reads even when the content is the one in force or the one refused last, and names it again (a commit
 * of the running rules turns `…-dirty+…` into the commit). Never throws.
 */
export async function reloadRules(
  bot: BotContext,
  root: string,
  options: { force?: boolean } = {},
): Promise<ReloadOutcome> {
  const holder = bot.rules;
  const outcome = (name: ReloadOutcome) => {
    bot.metrics.count(reloadMetric, reloadHelp, { outcome: name });
    return name;
  };
  try {
    const inForce = holder.settled ? holder.version?.contentHash : undefined;
    if (!options.force) {
      const hash = await hashRulesFolder(root);
      if (hash === inForce) {
        holder.refused = null;
        bot.log.debug('rules unchanged', { version: holder.version?.version });
        return 'unchanged';
      }
      if (hash === holder.refused?.contentHash) return 'refused';
    }
    const result = await loadRules(root, { now: new Date(bot.clock()) });
    if (result.contentHash === inForce) {
      holder.refused = null;
      if (options.force) holder.version = await rulesVersion(root, result.contentHash);
      // kb/ is not part of the rules' version: what it says now is taken all the same (when valid).
      if (result.rules) holder.articles = result.articles;
      bot.log.info('rules unchanged', { version: holder.version?.version });
      return outcome('unchanged');
    }
    if (!result.rules) {
      const errors = result.problems.filter((problem) => problem.severity === 'error');
      holder.refused = { at: bot.clock(), contentHash: result.contentHash, errorCount: errors.length };
      bot.log.error('rules reload refused: keeping the last valid rules', {
        version: holder.version?.version,
        problems: errors.slice(0, 20).map(formatProblem),
        count: errors.length,
      });
      return outcome('refused');
    }
    const version = await rulesVersion(root, result.contentHash);
    // Everything rules/ and kb/ say changes together: the rules, the mail templates, the articles.
    holder.current = result.rules;
    holder.emails = readEmailTemplates(root, bot.log);
    holder.articles = result.articles;
    holder.version = version;
    holder.settled = result.settled;
    holder.loadedAt = bot.clock();
    holder.refused = null;
    bot.log.info('rules reloaded', { version: version.version, files: result.ruleFiles.length });
    return outcome('applied');
  } catch (error) {
    // A bug or a file-system fault: said, counted, and the bot goes on with what it has.
    bot.log.error('rules reload failed: keeping the last valid rules', {
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return outcome('failed');
  }
}

/** Watches `root/rules` (unless `watch: false`) and listens for SIGHUP; returns a function that stops both. */
export function watchRules(bot: BotContext, root: string, options: WatchOptions = {}): () => void {
  const watch = options.watch ?? true;
  const settleMs = options.settleMs ?? 500;
  const pollMs = options.pollMs ?? 60_000;
  const rulesDir = path.join(root, 'rules');
  const watchers = new Map<string, { watcher: fs.FSWatcher; inode: number }>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let force = false;
  let running: Promise<unknown> = Promise.resolve();
  let warned = false;

  const schedule = (forced = false) => {
    if (stopped) return;
    force ||= forced;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const forcedNow = force;
      force = false;
      running = running
        .then(async () => {
          if (stopped) return;
          if (watch) arm();
          const outcome = await reloadRules(bot, root, { force: forcedNow });
          // Read while it changed: read again once it settles, even if no further event comes.
          if (outcome === 'applied' && !bot.rules.settled) schedule(true);
        })
        .catch((error: unknown) => {
          // Never a rejected chain: it would stop every later reload, or the process.
          bot.log.error('rules reload failed: keeping the last valid rules', {
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
        });
    }, settleMs);
  };

  /** The folders to watch: rules/ and every folder under it (hidden ones left out). */
  const folders = (): string[] => {
    const found = [rulesDir];
    for (let index = 0; index < found.length; index += 1) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(found[index]!, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries)
        if (entry.isDirectory() && !entry.name.startsWith('.'))
          found.push(path.join(found[index]!, entry.name));
    }
    return found;
  };

  const open = (folder: string, listener: (filename: string | null) => void) => {
    let inode: number;
    try {
      inode = fs.statSync(folder).ino;
    } catch {
      return;
    }
    const known = watchers.get(folder);
    if (known?.inode === inode) return;
    known?.watcher.close();
    watchers.delete(folder);
    try {
      const watcher = fs.watch(folder, (_event, filename) => listener(filename));
      watcher.on('error', () => {
        // The folder went away (or the watcher broke): look again, which arms what is there now.
        watcher.close();
        if (watchers.get(folder)?.watcher === watcher) watchers.delete(folder);
        schedule();
      });
      watchers.set(folder, { watcher, inode });
    } catch (error) {
      if (!warned) {
        warned = true;
        bot.log.warn('cannot watch rules/ (changes are found within a minute, or on SIGHUP)', {
          folder,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };

  /** Watches what is there now: new folders, folders replaced under the same name (another inode). */
  const arm = () => {
    open(root, (filename) => {
      if (filename === null || filename === 'rules') schedule();
    });
    const present = new Set(folders());
    for (const folder of present) open(folder, () => schedule());
    for (const [folder, { watcher }] of watchers) {
      if (folder !== root && !present.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
  };

  const onSignal = () => schedule(true);
  process.on('SIGHUP', onSignal);
  let poll: NodeJS.Timeout | undefined;
  if (watch) {
    arm();
    if (pollMs > 0) {
      poll = setInterval(() => schedule(), pollMs);
      poll.unref();
    }
  }
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (poll) clearInterval(poll);
    for (const { watcher } of watchers.values()) watcher.close();
    watchers.clear();
    process.off('SIGHUP', onSignal);
  };
}
