// `knts status`: the supervisor's services with their PID, admin PORT and READY (/readyz now).
import type { PlatformHost } from '../adapters/local-host.adapter';
import type { CliContext } from '../cli-context';
import { formatTable } from '../printers/table-writer';
import type { PlatformLayout } from '../supervisor/platform-layout';

export async function runStatus(ctx: CliContext, host: PlatformHost, layout: PlatformLayout): Promise<number> {
  const supervisorPid = host.readPid(layout.pidFile);
  const state = host.readState(layout.stateFile);
  if (!supervisorPid || !host.isAlive(supervisorPid) || !state) {
    ctx.io.out('knts is not running; start it with "knts up -d"\n');
    return 1;
  }
  const hostName = layout.host === '0.0.0.0' ? '127.0.0.1' : layout.host;
  const rows = [['SERVICE', 'PID', 'PORT', 'READY']];
  const ready = await Promise.all(state.services.map((s) => host.isReady(`http://${hostName}:${s.adminPort}/readyz`)));
  state.services.forEach((s, i) =>
    rows.push([s.name, host.isAlive(s.pid) ? String(s.pid) : '<exited>', String(s.adminPort), String(ready[i])]),
  );
  for (const i of state.infra)
    rows.push([
      i.name === 'nats' ? 'nats-server' : 'redis-server',
      host.isAlive(i.pid) ? String(i.pid) : '<exited>',
      new URL(i.url).port,
      String(host.isAlive(i.pid)),
    ]);
  ctx.io.out(formatTable(rows));
  ctx.io.out(
    `\nsupervisor pid ${supervisorPid}, store prefix ${state.prefix}, NATS ${state.natsUrl}, Redis ${state.redisUrl}\n`,
  );
  ctx.io.out(`ingress http://127.0.0.1:${state.ingressPort}, broker http://127.0.0.1:${state.brokerPort}\n`);
  return ready.every(Boolean) ? 0 : 1;
}
