// Opening an input file: the checks that turn "no such file", "permission denied", "is a folder" and
// "0 bytes" into coded errors before any byte is decoded, and the same for a read that fails half-way.

import { closeSync, openSync, statSync } from 'node:fs';
import { EtlError } from '../errors.ts';

/** Returns the file's size in bytes, or throws FILE_NOT_FOUND / FILE_UNREADABLE / FILE_EMPTY. */
export function checkReadable(file: string): number {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    size = stat.size;
    closeSync(openSync(file, 'r')); // permission denied shows here, not half-way through the load
  } catch (cause) {
    throw fileError(cause, file);
  }
  if (size === 0) throw new EtlError('FILE_EMPTY', 'the file is empty (0 bytes)', { place: { file }, hint: 'check that the export finished' });
  return size;
}

/** True for an error from reading `file` itself (open, read), as opposed to the database or a bug. */
export function isFileError(error: unknown, file: string): boolean {
  const e = error as { syscall?: unknown; path?: unknown } | null;
  return !!e && typeof e.syscall === 'string' && e.path === file;
}

export function fileError(cause: unknown, file: string): EtlError {
  const code = (cause as { code?: string }).code;
  if (code === 'ENOENT') {
    return new EtlError('FILE_NOT_FOUND', 'no such file', { place: { file }, hint: 'check the path, or pass --file / --input-dir', cause });
  }
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'ENOTFILE'
          ? 'it is not a regular file'
          : `the read failed (${code ?? (cause as Error).message})`;
  return new EtlError('FILE_UNREADABLE', `cannot read the file: ${why}`, {
    place: { file },
    hint: code === 'EACCES' || code === 'EPERM' ? 'give yourself read permission (chmod u+r FILE) or copy the file somewhere you can read it' : 'pass the path of the CSV file itself',
    cause,
  });
}
