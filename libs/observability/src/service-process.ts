// One knts service run as a child process: its JSON log lines, signals and exit code. Used by
// boot tests, and shaped for the standalone supervisor (`knts up`).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServiceProcessOptions {
  /** The compiled entry point, e.g. `apps/activator/dist/main.js`. */
  entry: string;
  /** The child's complete environment (PATH included); it does not inherit ours. */
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServiceProcess {
  /** Every stdout line, in order (JSON log lines when the service is healthy). */
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  /** Resolves when the process has exited. */
  readonly exited: Promise<ServiceExit>;
  private exit: ServiceExit | undefined;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => this.stdout.push(line));
    createInterface({ input: child.stderr! }).on('line', (line) => this.stderr.push(line));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  static start(options: ServiceProcessOptions): ServiceProcess {
    const child = spawn(process.execPath, [options.entry], {
      cwd: options.cwd,
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** Log lines parsed as JSON; lines that are not JSON objects are skipped. */
  logs(): Record<string, unknown>[] {
    return this.stdout.flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }
}
