// Composition root of the `knts` command: builds the adapters (NATS store, log reader, local
// processes, files) and hands them to the commands; turns errors into `error: ...` and exit 1.
import { RESOURCE_TYPES, resolveResourceType } from '@knts/api';
import type { NatsConnection } from '@nats-io/transport-node';
import { CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readManifestSource, nodeManifestFileSystem } from './adapters/manifest-files.adapter';
import { JetStreamLogReader } from './adapters/jetstream-log-reader.adapter';
import { LocalPlatformHost } from './adapters/local-host.adapter';
import { catalogueForStore } from '@knts/events';
import { DecisionFeed } from './adapters/decision-feed.adapter';
import { connectNats } from './adapters/nats-connection.adapter';
import { createNatsStore } from './adapters/nats-store.adapter';
import { CliError, ExitError } from './cli-error';
import type { CliContext, GlobalOptions, Output } from './cli-context';
import { runApiResources } from './commands/api-resources.command';
import { runApply } from './commands/apply.command';
import { runDelete } from './commands/delete.command';
import { runDescribe } from './commands/describe.command';
import { runGet } from './commands/get.command';
import { runLogs } from './commands/logs.command';
import type { ManifestReader } from './commands/manifest-documents';
import { runWait } from './commands/wait.command';
import { collectManifestSources } from './manifest-sources';
import { actionExitCode, buildProgram } from './program';

/** apps/cli/dist/main.js → the repository root, where apps/<service>/dist/main.js live. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

function readVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}

const manifestReader: ManifestReader = {
  sources: (files, recursive) => collectManifestSources(files, recursive, nodeManifestFileSystem),
  read: readManifestSource,
};

export async function main(argv: readonly string[]): Promise<number> {
  const abort = new AbortController();
  const onSignal = (): void => {
    // A second Ctrl-C leaves at once, even if a shutdown hangs.
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const io: Output = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };
  const host = new LocalPlatformHost();
  let connection: NatsConnection | undefined;

  const context = (globals: GlobalOptions): CliContext => ({
    ...globals,
    io,
    now: () => new Date(),
    resolveType: (arg) => resolveResourceType(arg),
    signal: abort.signal,
    openStore: async () => createNatsStore((connection ??= await connectNats(globals.natsUrl)), globals.prefix),
    openLoadFeed: () => {
      if (!connection) throw new Error('the load feed needs the NATS connection the store opened');
      return new DecisionFeed(connection, catalogueForStore(globals.prefix));
    },
  });
  // Loaded on demand: the supervisor uses @knts/observability, whose NestJS parts cost ~1 s to load.
  const supervisor = async (ctx: CliContext) => {
    const [{ platformLayout }, up, down, status] = await Promise.all([
      import('./supervisor/platform-layout.js'),
      import('./commands/up.command.js'),
      import('./commands/down.command.js'),
      import('./commands/status.command.js'),
    ]);
    return {
      layout: platformLayout(process.env, REPO_ROOT, ctx.natsUrl, ctx.prefix),
      runUp: up.runUp,
      runDown: down.runDown,
      runStatus: status.runStatus,
    };
  };
  // The detached supervisor is this same CLI with the same global flags.
  const selfCommand = (ctx: CliContext) => ({
    command: process.execPath,
    args: [join(REPO_ROOT, 'apps', 'cli', 'bin', 'knts.js'), '--nats', ctx.natsUrl, '--prefix', ctx.prefix],
  });

  const program = buildProgram({
    env: process.env,
    context,
    withStore: async (ctx, fn) => {
      const store = await ctx.openStore();
      try {
        return await fn(store);
      } finally {
        await store.close().catch(() => undefined);
        await connection?.drain().catch(() => undefined);
      }
    },
    handlers: {
      apply: (ctx, store, o) => runApply(ctx, store, manifestReader, o),
      get: (ctx, store, args, o) => runGet(ctx, store, args, o),
      describe: (ctx, store, args, selector) => runDescribe(ctx, store, args, selector),
      delete: (ctx, store, args, o) => runDelete(ctx, store, manifestReader, args, o),
      wait: (ctx, store, args, o) => runWait(ctx, store, args, o),
      logs: (ctx, store, args, o) => {
        if (!connection) throw new Error('logs needs the NATS connection the store opened');
        return runLogs(ctx, store, new JetStreamLogReader(connection, catalogueForStore(ctx.prefix)), args, o);
      },
      up: async (ctx, o) => {
        const s = await supervisor(ctx);
        return s.runUp(ctx, host, s.layout, { ...o, selfCommand: selfCommand(ctx) });
      },
      down: async (ctx) => {
        const s = await supervisor(ctx);
        return s.runDown(ctx, host, s.layout);
      },
      status: async (ctx) => {
        const s = await supervisor(ctx);
        return s.runStatus(ctx, host, s.layout);
      },
      apiResources: (ctx) => runApiResources(ctx, RESOURCE_TYPES),
      version: (ctx) => {
        ctx.io.out(`knts version v${readVersion()} (node ${process.version})\n`);
        return 0;
      },
    },
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return actionExitCode(program);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ExitError) return err.code;
    if (err instanceof CliError) io.err(err.raw ? `${err.message}\n` : `error: ${err.message}\n`);
    else io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** Entry point of bin/knts.js: runs and exits with the command's status. */
export function run(argv: readonly string[] = process.argv.slice(2)): void {
  void main(argv).then((code) => {
    // Flush what is buffered for pipes before leaving; open handles must not keep us alive.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}

if (require.main === module) run();
