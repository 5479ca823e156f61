import Database from 'better-sqlite3';

// One register per data file. The lock is an exclusive SQLite transaction held open on a small file beside the
// database (`<file>.lock`), for as long as the register runs. SQLite takes it with the operating system's own
// file locks (fcntl on Linux and macOS, LockFileEx on Windows, also across a network share that honours them),
// so a second register gets SQLITE_BUSY at once, and a register that crashes or is killed leaves no stale lock
// behind: the operating system releases it with the process. The database itself stays in normal locking mode,
// so IT, diagnostics and tests can still read it with a second connection while the register runs.
// The lock file stays empty: BEGIN EXCLUSIVE writes no page, so taking it works on a full disk too.

export type DatabaseLock = { file: string; release(): void };

/** Takes the lock or throws better-sqlite3's error (SQLITE_BUSY when another register holds it). */
export function lockDatabaseFile(file: string): DatabaseLock {
  const lockFile = `${file}.lock`;
  const connection = new Database(lockFile, { timeout: 0 });
  try {
    connection.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    connection.close();
    throw error;
  }
  let released = false;
  return {
    file: lockFile,
    release() {
      if (released) return;
      released = true;
      // Closing rolls the empty transaction back and lets the operating system's lock go.
      connection.close();
    },
  };
}
