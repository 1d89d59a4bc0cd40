// A real, tiny disk for the "disk full" tests: a tmpfs of a few megabytes mounted on a temporary folder
// (root only), and a filler file that takes all of its space, or all but a given amount. Where it cannot
// be mounted the tests say so in one line and are skipped, except in CI (CI=true), where that fails.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TinyDisk {
  /** The mounted folder. */
  dir: string;
  /** Fills the disk until fewer than `leaveBytes` remain (0: until the kernel refuses another byte). */
  fill(leaveBytes?: number): void;
  /** Frees what `fill` took. */
  free(): void;
  /** Bytes still free on the disk. */
  freeBytes(): number;
  unmount(): void;
}

/** Why a tiny disk cannot be had here, or undefined when it can. */
export function tinyDiskUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `mounting a tmpfs needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-disk-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], {
      encoding: 'utf8',
    });
    if (mounted.status !== 0)
      return `mount -t tmpfs failed: ${(mounted.stderr || mounted.error?.message || '').trim()}`;
    spawnSync('umount', [probe]);
    return undefined;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

/** Mounts a tmpfs of `sizeBytes`. */
export function mountTinyDisk(sizeBytes: number): TinyDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repodesk-tiny-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) throw new Error(`mount -t tmpfs ${dir}: ${mounted.stderr.trim()}`);
  const filler = path.join(dir, 'filler');
  const freeBytes = () => {
    const stats = fs.statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  return {
    dir,
    freeBytes,
    fill(leaveBytes = 0) {
      const handle = fs.openSync(filler, 'a');
      try {
        const chunk = Buffer.alloc(64 * 1024, 0x5a);
        for (;;) {
          const room = freeBytes() - leaveBytes;
          if (room <= 0) break;
          try {
            fs.writeSync(handle, chunk, 0, Math.min(chunk.length, room));
          } catch (error) {
            if ((error as { code?: string }).code === 'ENOSPC') break;
            throw error;
          }
        }
      } finally {
        fs.closeSync(handle);
      }
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
