import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors/input-error.js';

/** Where an output file named by the user goes, once its name has been checked (outputTarget). */
export interface OutputTarget {
  /** The file to write: the path given, or the file a symbolic link there points to. */
  path: string;
  /** A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe): written through, never replaced. */
  device: boolean;
}

/**
 * Checks an output path before anything is simulated or written, so that a
 * bad one costs nothing (exit 2, nothing touched):
 *
 * - a missing file is created (its folder is checked by whoever creates it);
 * - a symbolic link is followed: the file it points to is written, the link stays a link
 *   (a link to nothing is refused: which file was meant is not ours to guess);
 * - a directory is refused;
 * - a character device or a FIFO is reported as `device`, for the caller to write through or
 *   refuse; a block device or a socket is refused (writing a disk's bytes is never what
 *   `-o` means).
 */
export function outputTarget(path: string): OutputTarget {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch {
    return { path, device: false };
  }
  let target = path;
  let stats = link;
  if (link.isSymbolicLink()) {
    try {
      target = realpathSync(path);
      stats = statSync(target);
    } catch {
      throw new InputError(`cannot write ${path}: it is a symbolic link to ${readlinkSync(path)}, which does not exist`);
    }
  }
  if (stats.isDirectory()) throw new InputError(`cannot write ${path}: is a directory`);
  if (stats.isFile()) return { path: target, device: false };
  if (stats.isCharacterDevice() || stats.isFIFO()) return { path: target, device: true };
  throw new InputError(`cannot write ${path}: not a regular file, a character device or a FIFO`);
}

/**
 * The file a recording is written to: an SQLite database must be a regular
 * file (its journal, `-wal` and `-shm` files live beside it, and it is read
 * back at random offsets), so a device or a pipe is refused, never replaced.
 */
export function recordingTarget(path: string): string {
  // A recording never creates folders: a missing one is the user's typo, not a place to invent.
  if (!isDirectory(dirname(path))) throw new InputError(`cannot write ${path}: no such directory ${dirname(path)}`);
  const target = outputTarget(path);
  if (target.device) throw new InputError(`cannot write ${path}: not a regular file (a recording is an SQLite database, which needs one)`);
  return target.path;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
