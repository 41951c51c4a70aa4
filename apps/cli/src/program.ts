// The commander program: flags and arguments of every command, mapped onto the run* functions.
// Global flags are accepted before the command (`knts -n x get ...`) and after it, as kubectl does.
import { Command, Option } from 'commander';
import type { ResourceStore } from '@knts/store';
import type { CliContext, GlobalOptions } from './cli-context';
import { parseDuration } from './wait-condition';
import type { DryRun } from './result-lines';
import { CliError } from './cli-error';

/** What main provides: a context per invocation, and adapters built on demand. */
export interface ProgramDeps {
  env: NodeJS.ProcessEnv;
  context(globals: GlobalOptions): CliContext;
  /** Runs `fn` with an open store and closes it afterwards. */
  withStore(ctx: CliContext, fn: (store: ResourceStore) => Promise<number>): Promise<number>;
  handlers: Handlers;
}

export interface Handlers {
  apply(
    ctx: CliContext,
    store: ResourceStore,
    options: { files: string[]; recursive: boolean; dryRun: DryRun },
  ): Promise<number>;
  get(
    ctx: CliContext,
    store: ResourceStore,
    args: string[],
    options: { output?: string; selector?: string; watch: boolean; watchOnly: boolean; noHeaders: boolean },
  ): Promise<number>;
  describe(ctx: CliContext, store: ResourceStore, args: string[], selector: string | undefined): Promise<number>;
  delete(
    ctx: CliContext,
    store: ResourceStore,
    args: string[],
    options: {
      files: string[];
      recursive: boolean;
      ignoreNotFound: boolean;
      wait: boolean;
      timeoutMs: number;
      dryRun: DryRun;
      selector?: string;
      all: boolean;
    },
  ): Promise<number>;
  wait(
    ctx: CliContext,
    store: ResourceStore,
    args: string[],
    options: { for: string; timeoutMs: number; selector?: string; all: boolean },
  ): Promise<number>;
  logs(
    ctx: CliContext,
    store: ResourceStore,
    args: string[],
    options: {
      container?: string;
      selector?: string;
      follow: boolean;
      tail?: number;
      prefix: boolean;
      allContainers: boolean;
    },
  ): Promise<number>;
  up(ctx: CliContext, options: { detach: boolean; supervisor: boolean }): Promise<number>;
  down(ctx: CliContext): Promise<number>;
  status(ctx: CliContext): Promise<number>;
  apiResources(ctx: CliContext): number;
  version(ctx: CliContext): number;
}

interface RawGlobals {
  namespace?: string;
  allNamespaces?: boolean;
  nats?: string;
  prefix?: string | boolean;
}

function addGlobalOptions(cmd: Command, withPrefix = true): Command {
  cmd
    .option('-n, --namespace <namespace>', 'namespace of the request (default "default")')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('--nats <url>', 'NATS server of the store (env NATS_URL, default nats://127.0.0.1:4222)');
  if (withPrefix) cmd.option('--prefix <prefix>', 'store bucket prefix (env KNTS_STORE_PREFIX, default knts)');
  return cmd;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseDryRun(value: string | boolean | undefined): DryRun {
  if (value === undefined || value === false || value === 'none') return 'none';
  if (value === true || value === 'client') return 'client';
  if (value === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

function parseBool(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new CliError(`invalid boolean "${value}"; use true or false`);
}

function parseTimeout(value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  try {
    const ms = parseDuration(value);
    // kubectl: 0 means "the default" for delete; a negative or zero wait is a week for wait.
    return ms <= 0 ? fallbackMs : ms;
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export function buildProgram(deps: ProgramDeps): Command {
  const program = new Command('knts');
  program
    .description('knts: Knative-compatible serverless platform (kubectl-style commands against the knts store)')
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });
  addGlobalOptions(program);
  program.exitOverride();

  const globals = (cmd: Command): GlobalOptions => {
    const sub = cmd.opts<RawGlobals>();
    const root = program.opts<RawGlobals>();
    const namespace = sub.namespace ?? root.namespace;
    const prefix = typeof sub.prefix === 'string' ? sub.prefix : root.prefix;
    return {
      namespace: namespace ?? 'default',
      namespaceExplicit: namespace !== undefined,
      allNamespaces: Boolean(sub.allNamespaces ?? root.allNamespaces),
      natsUrl: sub.nats ?? root.nats ?? deps.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      prefix: (typeof prefix === 'string' ? prefix : undefined) ?? deps.env.KNTS_STORE_PREFIX ?? 'knts',
    };
  };
  let exitCode = 0;
  const run = (fn: (cmd: Command) => Promise<number> | number) =>
    async function (this: Command): Promise<void> {
      exitCode = await fn(this);
    };

  addGlobalOptions(program.command('apply'))
    .description('create or update resources from files, directories, stdin (-) or URLs')
    .option('-f, --filename <path>', 'file, directory, URL or - (repeatable)', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .addOption(
      new Option('--dry-run [strategy]', 'validate through admission without writing: client or server').preset(
        'client',
      ),
    )
    .action(
      run((cmd) => {
        const o = cmd.opts<{ filename: string[]; recursive?: boolean; dryRun?: string | boolean }>();
        if (o.filename.length === 0) throw new CliError('must specify one of -f and -k');
        const ctx = deps.context(globals(cmd));
        return deps.withStore(ctx, (store) =>
          deps.handlers.apply(ctx, store, {
            files: o.filename,
            recursive: Boolean(o.recursive),
            dryRun: parseDryRun(o.dryRun),
          }),
        );
      }),
    );

  addGlobalOptions(program.command('get'))
    .description('list resources: get KIND[,KIND...] [NAME...] | KIND/NAME...')
    .argument('<resources...>', 'kinds (ksvc,route) then names, or kind/name')
    .option('-o, --output <format>', 'yaml|json|name|wide|jsonpath=TEMPLATE|custom-columns=H:PATH,...')
    .option('-l, --selector <selector>', 'label selector, e.g. app=x,tier!=db')
    .option('-w, --watch', 'after listing, print a row for every change')
    .option('--watch-only', 'print only the changes, not the current list')
    .option('--no-headers', 'omit the table header')
    .action(
      run((cmd) => {
        const o = cmd.opts<{
          output?: string;
          selector?: string;
          watch?: boolean;
          watchOnly?: boolean;
          headers: boolean;
        }>();
        const ctx = deps.context(globals(cmd));
        return deps.withStore(ctx, (store) =>
          deps.handlers.get(ctx, store, cmd.args, {
            output: o.output?.replace(/^=/, ''),
            selector: o.selector,
            watch: Boolean(o.watch),
            watchOnly: Boolean(o.watchOnly),
            noHeaders: !o.headers,
          }),
        );
      }),
    );

  addGlobalOptions(program.command('describe'))
    .description('show details of resources: describe KIND [NAME...] | KIND/NAME')
    .argument('<resources...>')
    .option('-l, --selector <selector>', 'label selector')
    .action(
      run((cmd) => {
        const ctx = deps.context(globals(cmd));
        return deps.withStore(ctx, (store) =>
          deps.handlers.describe(ctx, store, cmd.args, cmd.opts<{ selector?: string }>().selector),
        );
      }),
    );

  addGlobalOptions(program.command('delete'))
    .description('delete resources named in files or as KIND NAME... | KIND/NAME...')
    .argument('[resources...]')
    .option('-f, --filename <path>', 'file, directory, URL or - (repeatable)', collect, [])
    .option('-R, --recursive', 'process directories recursively')
    .option('-l, --selector <selector>', 'delete the objects matching a label selector')
    .option('--all', 'delete every object of the kinds given')
    .option('--ignore-not-found', 'treat "not found" as a successful delete')
    .option('--wait [bool]', 'wait until the objects are gone (default true)', parseBool, true)
    .option('--timeout <duration>', 'how long --wait waits, e.g. 60s (default 60s)')
    .addOption(new Option('--dry-run [strategy]', 'only report what would be deleted').preset('client'))
    .action(
      run((cmd) => {
        const o = cmd.opts<{
          filename: string[];
          recursive?: boolean;
          selector?: string;
          all?: boolean;
          ignoreNotFound?: boolean;
          wait: boolean;
          timeout?: string;
          dryRun?: string | boolean;
        }>();
        const ctx = deps.context(globals(cmd));
        return deps.withStore(ctx, (store) =>
          deps.handlers.delete(ctx, store, cmd.args, {
            files: o.filename,
            recursive: Boolean(o.recursive),
            ignoreNotFound: Boolean(o.ignoreNotFound),
            wait: o.wait,
            timeoutMs: parseTimeout(o.timeout, 60_000),
            dryRun: parseDryRun(o.dryRun),
            selector: o.selector,
            all: Boolean(o.all),
          }),
        );
      }),
    );

  addGlobalOptions(program.command('wait'))
    .description('wait for a condition: wait KIND/NAME --for=condition=Ready|delete|jsonpath={...}=VALUE')
    .argument('<resources...>')
    .requiredOption('--for <condition>', 'condition=TYPE[=STATUS], delete, or jsonpath={EXPR}=VALUE')
    .option('--timeout <duration>', 'give up after this long (default 30s)')
    .option('-l, --selector <selector>', 'wait for every object matching a label selector')
    .option('--all', 'wait for every object of the kind')
    .action(
      run((cmd) => {
        const o = cmd.opts<{ for: string; timeout?: string; selector?: string; all?: boolean }>();
        const ctx = deps.context(globals(cmd));
        return deps.withStore(ctx, (store) =>
          deps.handlers.wait(ctx, store, cmd.args, {
            for: o.for,
            timeoutMs: parseTimeout(o.timeout, 30_000),
            selector: o.selector,
            all: Boolean(o.all),
          }),
        );
      }),
    );

  // `--prefix` here is kubectl's log-line prefix; give the store prefix before `logs` or via env.
  addGlobalOptions(program.command('logs'), false)
    .description('print container logs: logs POD [-c C] | -l SELECTOR | ksvc/NAME | revision/NAME | taskrun/NAME')
    .argument('[target...]')
    .option('-c, --container <name>', 'container, e.g. user-container or step-build')
    .option('-l, --selector <selector>', 'pods matching a label selector')
    .option('-f, --follow', 'keep printing new lines')
    .option('--tail <lines>', 'only the last N lines of each container (-1: all)')
    .option('--prefix', 'prefix each line with [pod/NAME/CONTAINER]')
    .option('--all-containers', 'every container of the pods')
    .action(
      run((cmd) => {
        const o = cmd.opts<{
          container?: string;
          selector?: string;
          follow?: boolean;
          tail?: string;
          prefix?: boolean;
          allContainers?: boolean;
        }>();
        const tail = o.tail === undefined ? undefined : Number(o.tail);
        if (tail !== undefined && !Number.isInteger(tail))
          throw new CliError(`--tail must be a whole number, got "${o.tail}"`);
        const ctx = deps.context(globals(cmd));
        return deps.withStore(ctx, (store) =>
          deps.handlers.logs(ctx, store, cmd.args, {
            container: o.container,
            selector: o.selector,
            follow: Boolean(o.follow),
            tail: tail === undefined || tail < 0 ? undefined : tail,
            prefix: Boolean(o.prefix),
            allContainers: Boolean(o.allContainers),
          }),
        );
      }),
    );

  addGlobalOptions(program.command('up'))
    .description('start NATS, Redis (when not reachable) and the six services; -d to run in the background')
    .option('-d, --detach', 'run the supervisor in the background and return once everything is ready')
    .addOption(new Option('--supervisor', 'internal: run as the detached supervisor').hideHelp())
    .action(
      run((cmd) => {
        const o = cmd.opts<{ detach?: boolean; supervisor?: boolean }>();
        return deps.handlers.up(deps.context(globals(cmd)), {
          detach: Boolean(o.detach),
          supervisor: Boolean(o.supervisor),
        });
      }),
    );

  addGlobalOptions(program.command('down'))
    .description('stop everything "knts up" started')
    .action(run((cmd) => deps.handlers.down(deps.context(globals(cmd)))));

  addGlobalOptions(program.command('status'))
    .description('show the services "knts up" runs: PID, admin PORT, READY')
    .action(run((cmd) => deps.handlers.status(deps.context(globals(cmd)))));

  addGlobalOptions(program.command('api-resources'))
    .description('list the kinds knts serves, with short names')
    .action(run((cmd) => deps.handlers.apiResources(deps.context(globals(cmd)))));

  program
    .command('version')
    .description('print the knts version')
    .action(run((cmd) => deps.handlers.version(deps.context(globals(cmd)))));

  program.hook('postAction', () => {
    program.setOptionValue('__exitCode', exitCode);
  });
  return program;
}

/** Exit status the last action reported (commander itself only knows success). */
export function actionExitCode(program: Command): number {
  const code: unknown = program.getOptionValue('__exitCode');
  return typeof code === 'number' ? code : 0;
}
