// Runs the compiled `knts` (apps/cli/bin/knts.js) as a user would, for integration and e2e tests.
import { RESOURCE_TYPES } from '@knts/api';
import { bucketName } from '@knts/store';
import { destroyPlatformStreams } from '@knts/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const KNTS_BIN = join(REPO_ROOT, 'apps', 'cli', 'bin', 'knts.js');
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js'))) {
    throw new Error('apps/cli/dist/main.js is missing; build first with "npx tsc -b tsconfig.build.json"');
  }
}

export class RunningCli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolveExit) =>
      child.once('close', (code) => resolveExit({ code, stdout: this.stdout, stderr: this.stderr })),
    );
  }

  /** Resolves once stdout satisfies `predicate`; rejects with what was printed after `timeoutMs`. */
  async waitForStdout(predicate: (stdout: string) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.stdout)) {
      if (Date.now() > deadline) throw new Error(`timed out; stdout so far:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async interrupt(): Promise<CliResult> {
    this.child.kill('SIGINT');
    return this.exited;
  }
}

export function startKnts(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): RunningCli {
  assertBuilt();
  const child = spawn(process.execPath, [KNTS_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NATS_URL, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(options.input ?? '');
  return new RunningCli(child);
}

export function knts(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  return startKnts(args, options).exited;
}

/** Removes every KV bucket a store prefix may have created. */
export async function deleteStoreBuckets(prefix: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for (const type of RESOURCE_TYPES) {
      await jsm.streams.delete(`KV_${bucketName(prefix, type)}`).catch(() => false);
    }
    await destroyPlatformStreams(nc, prefix);
  } finally {
    await nc.drain();
  }
}

export function uniquePrefix(tag: string): string {
  return `t${tag}${Date.now().toString(36)}${process.pid.toString(36)}`;
}
