import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A Postgres cluster of chaos's own: the machine's binaries (/usr/lib/postgresql/<ver>/bin), a fresh data
 * directory and a port of its own, so that its faults (restart, SIGSTOP of every process, hung backends) strike
 * only this run, never the machine's server that others share. As root it runs as the `postgres` user (initdb
 * refuses root); otherwise as the current user.
 */
export interface PrivatePostgres {
  /** the server, e.g. postgres://postgres@127.0.0.1:15433/postgres */
  url: string;
  /** A real restart (pg_ctl restart, fast shutdown). */
  restart(): Promise<void>;
  /** SIGSTOP every process of the cluster for `ms`, then SIGCONT: a paused machine (sockets stay open). */
  freeze(ms: number): Promise<void>;
  /** SIGSTOP, for good, the backends idle on `database`'s open connections: they hang; new ones work. Returns how many. */
  hangConnectionsOf(database: string): Promise<number>;
  stop(): Promise<void>;
}

export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('no Postgres binaries under /usr/lib/postgresql');
  const root = process.getuid?.() === 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'client-gate-chaos-pg-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dataDir, uid, gid);
  }
  chmodSync(dataDir, 0o700);
  const asOwner = (command: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  const run = (command: string, args: string[]) => {
    const [file, argv] = asOwner(command, args);
    execFileSync(file, argv, { stdio: 'ignore' });
  };
  run(join(bin, 'initdb'), ['-D', join(dataDir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const settings = [
    `-c port=${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dataDir}`,
    '-c max_connections=200',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const pgCtl = (action: string, extra: string[] = []) =>
    run(join(bin, 'pg_ctl'), [action, '-D', join(dataDir, 'data'), '-w', '-t', '60', '-o', settings, '-l', join(dataDir, 'server.log'), ...extra]);
  pgCtl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const hung = new Set<number>();

  const postmasterPid = () => Number(readFileSync(join(dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const clusterPids = () => {
    const postmaster = postmasterPid();
    const children = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((pid) => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false;
        }
      });
    return [postmaster, ...children];
  };
  const signal = (pids: number[], name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // gone meanwhile
      }
    }
  };

  return {
    url,
    async restart() {
      signal([...hung], 'SIGCONT');
      hung.clear();
      pgCtl('restart', ['-m', 'fast']);
    },
    async freeze(ms) {
      const pids = clusterPids();
      signal(pids, 'SIGSTOP');
      try {
        await new Promise((resolve) => setTimeout(resolve, ms));
      } finally {
        signal(pids.filter((pid) => !hung.has(pid)), 'SIGCONT');
      }
    },
    async hangConnectionsOf(database) {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        // Stopped first, then sorted: a backend inside a transaction is let go again, for a stopped one could never
        // end it (its own idle-in-transaction limit included) and its locks would hold everyone back for good, which
        // is not what a half-open connection does. Those idle between statements hang, holding nothing.
        const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
        const stopped = rows.map((row) => row.pid);
        signal(stopped, 'SIGSTOP');
        const idle = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE pid = ANY($1) AND state = 'idle'", [stopped]);
        const hangs = new Set(idle.rows.map((row) => row.pid));
        signal(stopped.filter((pid) => !hangs.has(pid)), 'SIGCONT');
        for (const pid of hangs) hung.add(pid);
        return hangs.size;
      } finally {
        await client.end();
      }
    },
    async stop() {
      signal([...hung], 'SIGCONT');
      try {
        run(join(bin, 'pg_ctl'), ['stop', '-D', join(dataDir, 'data'), '-m', 'immediate', '-w']);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

