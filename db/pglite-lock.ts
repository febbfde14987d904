import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite has no lock between processes: two writers on one data dir silently lose writes (docs/adr/0005-drivers.md).
 * The server holds `<dir>.lock` with its pid; scripts refuse to open a dir a live process holds.
 */
export class DataDirInUse extends Error {
  override name = 'DataDirInUse';
}

export function lockPath(dir: string): string {
  return `${dir.replace(/[\\/]+$/, '')}.lock`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock for this process, or throws DataDirInUse naming the holder. Returns the release function. */
export function acquirePgliteLock(dir: string, holder: string): () => void {
  const file = lockPath(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }), {
        flag: 'wx',
      });
      const release = () => {
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let info: { pid?: number; holder?: string } = {};
      try {
        info = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* unreadable lock: treat as stale */
      }
      if (info.pid === process.pid) return () => {};
      if (info.pid && alive(info.pid)) {
        throw new DataDirInUse(
          `the embedded database ${dir} is in use by ${info.holder ?? 'another process'} (pid ${info.pid}); ` +
            'stop it first (PGlite allows one process per data dir), or point DATABASE_URL at a PostgreSQL server',
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirInUse(`could not lock ${dir}`);
}
