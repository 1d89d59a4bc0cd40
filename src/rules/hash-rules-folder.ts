// What identifies the content of rules/: a SHA-256 over every file under it (paths and bytes, in path
// order), hidden files and folders left out (an editor's `.routing.yaml.swp` is not a rule). The same
// content gives the same hash on any machine, in any checkout, whatever the files' dates.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The SHA-256 (hex) of `root/rules`: each file's path from the root (`rules/desk.yaml`), its size, its bytes. */
export async function hashRulesFolder(root: string): Promise<string> {
  const rulesDir = path.join(root, 'rules');
  let entries: Dirent[];
  try {
    entries = await readdir(rulesDir, { withFileTypes: true, recursive: true });
  } catch {
    entries = [];
  }
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((segment) => segment.startsWith('.')))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(root, file));
    } catch {
      // Removed while we read: the next change event hashes again.
      continue;
    }
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
