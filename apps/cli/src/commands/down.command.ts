// `knts down`: asks the supervisor to stop (it SIGTERMs the services, SIGKILL after 10 s, then
// the NATS/Redis it started) and waits until every recorded process is gone.
import type { PlatformHost } from '../adapters/local-host.adapter';
import type { CliContext } from '../cli-context';
import type { PlatformLayout } from '../supervisor/platform-layout';

const DOWN_TIMEOUT_MS = 30_000;

export async function runDown(ctx: CliContext, host: PlatformHost, layout: PlatformLayout): Promise<number> {
  const supervisorPid = host.readPid(layout.pidFile);
  const state = host.readState(layout.stateFile);
  const pids = [
    ...(supervisorPid ? [supervisorPid] : []),
    ...(state?.services.map((s) => s.pid) ?? []),
    ...(state?.infra.map((i) => i.pid) ?? []),
  ].filter((pid, i, all) => all.indexOf(pid) === i);
  const alive = (): number[] => pids.filter((pid) => host.isAlive(pid));
  if (alive().length === 0) {
    host.remove(layout.pidFile);
    host.remove(layout.stateFile);
    ctx.io.out('knts is not running\n');
    return 0;
  }
  if (supervisorPid && host.isAlive(supervisorPid)) {
    host.signal(supervisorPid, 'SIGTERM');
  } else {
    // The supervisor died without cleaning up: stop its orphans directly.
    for (const pid of alive()) host.signal(pid, 'SIGTERM');
  }
  ctx.io.out('stopping knts...\n');
  const started = Date.now();
  let killed = false;
  while (alive().length > 0) {
    if (!killed && Date.now() - started > DOWN_TIMEOUT_MS) {
      for (const pid of alive()) host.signal(pid, 'SIGKILL');
      killed = true;
    }
    if (Date.now() - started > DOWN_TIMEOUT_MS + 5000) {
      ctx.io.err(`error: processes ${alive().join(', ')} are still running; stop them with "kill -9"\n`);
      return 1;
    }
    await host.sleep(100);
  }
  host.remove(layout.pidFile);
  host.remove(layout.stateFile);
  ctx.io.out('knts is down\n');
  return 0;
}
