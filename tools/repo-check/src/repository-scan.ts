import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOutsideReads, isCheckedFile, type OutsideRead, type RepositoryFile } from './outside-reads';

// Installed packages, build output and caches: not the project's own files.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'tmp', 'coverage', '.nx', '.angular']);

/** The sources, configs and scripts under `root`, read once. */
export function readRepositoryFiles(root: string): RepositoryFile[] {
  const files: RepositoryFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (entry.isFile() && isCheckedFile(path)) {
        files.push({ path, text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(root);
  return files;
}

/** Every reference out of `root` made by the files under it, but for `exempt` (paths relative to the root). */
export function findOutsideReadsInRepository(root: string, exempt: readonly string[] = []): OutsideRead[] {
  return readRepositoryFiles(root)
    .flatMap((file) => findOutsideReads(file, root))
    .filter((read) => !exempt.includes(read.file));
}
