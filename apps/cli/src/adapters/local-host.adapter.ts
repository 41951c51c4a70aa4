// Everything the supervisor does to the machine: processes, pid/state files, TCP and HTTP probes.
import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import type { SupervisorState } from '../supervisor/platform-layout';

export interface SpawnedProcess {
  pid: number;
  /** Exit code, or null when killed by a signal. */
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
  /** Own process group: Ctrl-C in the terminal reaches only the supervisor, which stops children in order. */
  detached: boolean;
}

export interface PlatformHost {
  spawn(command: string, args: readonly string[], options: SpawnOptions): SpawnedProcess;
  isAlive(pid: number): boolean;
  signal(pid: number, signal: NodeJS.Signals): void;
  canConnect(host: string, port: number): Promise<boolean>;
  isReady(url: string): Promise<boolean>;
  findBinary(name: string): string | undefined;
  fileExists(path: string): boolean;
  ensureDir(path: string): void;
  tail(path: string, lines: number): string[];
  readPid(path: string): number | undefined;
  writePid(path: string, pid: number): void;
  readState(path: string): SupervisorState | undefined;
  writeState(path: string, state: SupervisorState): void;
  remove(path: string): void;
  /** Bytes appended to a file since `offset` (for following the detached supervisor's log). */
  readFrom(path: string, offset: number): { text: string; size: number };
  sleep(ms: number): Promise<void>;
}

export class LocalPlatformHost implements PlatformHost {
  spawn(command: string, args: readonly string[], options: SpawnOptions): SpawnedProcess {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const fd = openSync(options.logFile, 'a');
    try {
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', fd, fd],
        detached: options.detached,
      });
      const exited = new Promise<number | null>((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.once('error', () => resolve(127));
      });
      if (child.pid === undefined) throw new Error(`could not start ${command}`);
      return { pid: child.pid, exited };
    } finally {
      closeSync(fd);
    }
  }

  isAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    // A zombie still answers signal 0; where no init reaps orphans it never disappears.
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return true;
    }
  }

  signal(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }

  canConnect(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host, port });
      const done = (ok: boolean): void => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  }

  async isReady(url: string): Promise<boolean> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  findBinary(name: string): string | undefined {
    const dirs = [
      ...(process.env.PATH ?? '').split(delimiter),
      '/usr/sbin',
      '/usr/local/sbin',
      '/usr/local/bin',
      '/usr/bin',
      '/sbin',
    ];
    for (const dir of dirs) {
      if (!dir) continue;
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
    return undefined;
  }

  fileExists(path: string): boolean {
    return existsSync(path);
  }

  ensureDir(path: string): void {
    mkdirSync(path, { recursive: true });
  }

  tail(path: string, lines: number): string[] {
    try {
      return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines);
    } catch {
      return [];
    }
  }

  readPid(path: string): number | undefined {
    try {
      const pid = Number(readFileSync(path, 'utf8').trim());
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  writePid(path: string, pid: number): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${pid}\n`);
  }

  readState(path: string): SupervisorState | undefined {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as SupervisorState;
    } catch {
      return undefined;
    }
  }

  writeState(path: string, state: SupervisorState): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(state, null, 2) + '\n');
  }

  remove(path: string): void {
    rmSync(path, { force: true });
  }

  readFrom(path: string, offset: number): { text: string; size: number } {
    try {
      const buffer = readFileSync(path);
      return { text: buffer.subarray(Math.min(offset, buffer.length)).toString('utf8'), size: buffer.length };
    } catch {
      return { text: '', size: offset };
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
