import { copyFileSync, lstatSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { REPO } from './cli.js';

/** The files git would commit: tracked ones and new ones not ignored (none of dist/, node_modules/, recordings/*.db). */
export function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && isFile(join(REPO, f)));
}

/** A regular file (not a deleted one git still lists, nor a link such as a worktree's node_modules). */
function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Copies the working tree's source files to `dest`, as a fresh clone of it would hold them. */
export function copySourceTree(dest: string): void {
  for (const file of sourceFiles()) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(dest, file));
  }
}
