import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real small file system (tmpfs) that a test fills up and frees again: the disk-full path as SQLite meets it.
// Mounting needs root (CI and the dev container run as root); where it is not allowed the tests that need it
// say so and are skipped, and the write-hook tests still cover the same sentences.

export type SmallDisk = {
  dir: string;
  /** Writes a filler file until the disk says it is full (ENOSPC). */
  fill(): void;
  /** Deletes the filler file. */
  free(): void;
  unmount(): void;
};

export function mountSmallDisk(sizeKb = 1024): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'fd-small-disk-'));
  execFileSync('/bin/mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      execFileSync('/bin/umount', [dir]);
      rmdirSync(dir);
    },
  };
}

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN), tried once. */
export function canMountSmallDisk(): boolean {
  try {
    mountSmallDisk(64).unmount();
    return true;
  } catch {
    return false;
  }
}
