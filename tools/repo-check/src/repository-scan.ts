import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findOutsideReads, isCheckedFile, type OutsideRead, type RepositoryFile } from './outside-reads';

// Without git (an exported tarball): installed packages, build output and caches are not the project's.
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'tmp', 'coverage', '.nx', '.angular']);

// Tracked and new files, minus what .gitignore keeps out (test results, recordings, build output).
function gitFiles(root: string): string[] | undefined {
  try {
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return listed
      .split('\0')
      .filter((path) => path !== '')
      .map((path) => join(root, path));
  } catch {
    return undefined;
  }
}

function walkedFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) {
        walk(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  };
  walk(root);
  return files;
}

/** The sources, configs and scripts under `root`, read once. */
export function readRepositoryFiles(root: string): RepositoryFile[] {
  const isRepository = existsSync(join(root, '.git'));
  const paths = (isRepository ? gitFiles(root) : undefined) ?? walkedFiles(root);
  return paths
    .filter((path) => isCheckedFile(path) && existsSync(path))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Every reference out of `root` made by the files under it, but for `exempt` (paths relative to the root). */
export function findOutsideReadsInRepository(root: string, exempt: readonly string[] = []): OutsideRead[] {
  return readRepositoryFiles(root)
    .flatMap((file) => findOutsideReads(file, root))
    .filter((read) => !exempt.includes(read.file));
}
