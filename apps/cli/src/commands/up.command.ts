// `knts up [-d]`: runs the supervisor in this process (foreground, Ctrl-C stops everything) or,
// with -d, as a detached copy of this command whose log is followed here until it is ready.
import type { PlatformHost } from '../adapters/local-host.adapter';
import type { CliContext } from '../cli-context';
import { untilAborted } from './command-helpers';
import type { PlatformLayout } from '../supervisor/platform-layout';
import { StartupError, Supervisor } from '../supervisor/supervisor';

export const UP_MESSAGE = 'knts is up';

export interface UpOptions {
  detach: boolean;
  /** Set in the detached child: run the supervisor here rather than spawning another. */
  supervisor: boolean;
  /** argv that starts this CLI again (node + entry + global flags), for -d. */
  selfCommand: { command: string; args: string[] };
}

export async function runUp(
  ctx: CliContext,
  host: PlatformHost,
  layout: PlatformLayout,
  options: UpOptions,
): Promise<number> {
  const existing = host.readPid(layout.pidFile);
  if (existing !== undefined && existing !== process.pid && host.isAlive(existing)) {
    ctx.io.out(
      `knts is already up (supervisor pid ${existing}); "knts status" shows its services, "knts down" stops it\n`,
    );
    return 0;
  }
  host.ensureDir(layout.logDir);
  if (options.detach && !options.supervisor) return startDetached(ctx, host, layout, options);

  host.writePid(layout.pidFile, process.pid);
  const supervisor = new Supervisor(layout, host, ctx.io, process.pid);
  try {
    await supervisor.start();
  } catch (err) {
    host.remove(layout.pidFile);
    ctx.io.err(`error: ${(err as Error).message}\n`);
    if (!(err instanceof StartupError)) ctx.io.err('all services were stopped\n');
    return 1;
  }
  ctx.io.out(
    `${UP_MESSAGE}\n` +
      `  ingress: http://127.0.0.1:${layout.ingressPort}  (curl -H "Host: helloworld.default.example.com" http://127.0.0.1:${layout.ingressPort})\n` +
      `  broker:  http://127.0.0.1:${layout.brokerPort}/{namespace}/{broker}\n` +
      `  logs:    ${layout.logDir}\n` +
      (options.supervisor ? '' : 'press Ctrl-C to stop\n'),
  );
  await untilAborted(ctx.signal);
  ctx.io.out('stopping knts...\n');
  await supervisor.stop();
  host.remove(layout.pidFile);
  ctx.io.out('knts is down\n');
  return 0;
}

async function startDetached(
  ctx: CliContext,
  host: PlatformHost,
  layout: PlatformLayout,
  options: UpOptions,
): Promise<number> {
  let offset = host.readFrom(layout.supervisorLog, 0).size;
  const child = host.spawn(options.selfCommand.command, [...options.selfCommand.args, 'up', '--supervisor'], {
    env: process.env,
    cwd: layout.repoRoot,
    logFile: layout.supervisorLog,
    detached: true,
  });
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  // Relay the supervisor's progress until it reports ready or gives up.
  for (;;) {
    const chunk = host.readFrom(layout.supervisorLog, offset);
    offset = chunk.size;
    if (chunk.text) ctx.io.out(chunk.text.replace(/^press Ctrl-C to stop\n/m, ''));
    if (chunk.text.split('\n').includes(UP_MESSAGE)) {
      ctx.io.out(`supervisor pid ${child.pid}; stop it with "knts down"\n`);
      return 0;
    }
    if (exitCode !== undefined) {
      const rest = host.readFrom(layout.supervisorLog, offset).text;
      if (rest) ctx.io.out(rest);
      ctx.io.err(`error: the supervisor exited (code ${exitCode ?? 'signal'}); see ${layout.supervisorLog}\n`);
      return 1;
    }
    if (ctx.signal.aborted) return 1;
    await host.sleep(100);
  }
}
