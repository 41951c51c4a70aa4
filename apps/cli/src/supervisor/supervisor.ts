// The standalone supervisor behind `knts up`: NATS and Redis (reused when reachable, else started
// from local binaries), the six services with their env and log files, readiness on /readyz,
// and an orderly stop (SIGTERM, SIGKILL after 10 s, infrastructure last).
import { join } from 'node:path';
import type { Output } from '../cli-context';
import type { PlatformHost, SpawnedProcess } from '../adapters/local-host.adapter';
import { hostPort, serviceEnv, type PlatformLayout, type SupervisorState } from './platform-layout';

const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 20;

interface Running {
  name: string;
  process: SpawnedProcess;
  exitCode?: number | null;
}

export class StartupError extends Error {}

export class Supervisor {
  private readonly services: (Running & { adminPort: number; logFile: string })[] = [];
  private readonly infra: (Running & { url: string })[] = [];
  private stopping = false;

  constructor(
    private readonly layout: PlatformLayout,
    private readonly host: PlatformHost,
    private readonly io: Output,
    private readonly selfPid: number,
  ) {}

  /** Brings everything up; on failure explains why, stops what it started and throws StartupError. */
  async start(): Promise<void> {
    try {
      this.checkBuilt();
      await this.ensureInfra('nats', this.layout.natsUrl, 4222);
      await this.ensureInfra('redis', this.layout.redisUrl, 6379);
      this.startServices();
      this.saveState(false);
      await this.waitReady();
      this.saveState(true);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private checkBuilt(): void {
    const missing = this.layout.services
      .filter((s) => !this.host.fileExists(s.entry))
      .map((s) => `apps/${s.name}/dist/main.js`);
    if (missing.length > 0)
      throw new StartupError(`${missing.join(', ')} not found; build the services first with "npm run build"`);
  }

  private async ensureInfra(name: 'nats' | 'redis', url: string, defaultPort: number): Promise<void> {
    const { host, port } = hostPort(url, defaultPort);
    if (await this.host.canConnect(host, port)) {
      this.io.out(`using ${name === 'nats' ? 'NATS' : 'Redis'} at ${url}\n`);
      return;
    }
    const binary = name === 'nats' ? 'nats-server' : 'redis-server';
    const path = this.host.findBinary(binary);
    if (!path) {
      throw new StartupError(
        `${name === 'nats' ? 'NATS' : 'Redis'} is not reachable at ${url} and ${binary} is not installed.\n` +
          `Install both with "apt-get install nats-server redis-server", or start them with "docker compose up -d nats redis", then run "knts up" again.`,
      );
    }
    const args =
      name === 'nats'
        ? ['-js', '-a', host, '-p', String(port), '-sd', join(this.layout.stateDir, 'nats')]
        : ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no'];
    const logFile = join(this.layout.logDir, `${name}.log`);
    this.io.out(`starting ${binary} on ${host}:${port}\n`);
    const running: Running & { url: string } = {
      name,
      url,
      process: this.host.spawn(path, args, { env: process.env, cwd: this.layout.stateDir, logFile, detached: true }),
    };
    void running.process.exited.then((code) => (running.exitCode = code));
    this.infra.push(running);
    const deadline = Date.now() + 15_000;
    while (!(await this.host.canConnect(host, port))) {
      if (running.exitCode !== undefined || Date.now() > deadline) {
        throw new StartupError(`${binary} did not start on ${host}:${port}${this.logTail(logFile)}`);
      }
      await this.host.sleep(100);
    }
  }

  private startServices(): void {
    for (const service of this.layout.services) {
      const process_ = this.host.spawn(process.execPath, [service.entry], {
        env: serviceEnv(this.layout, service, process.env),
        cwd: this.layout.repoRoot,
        logFile: service.logFile,
        detached: true,
      });
      const running = {
        name: service.name,
        adminPort: service.adminPort,
        logFile: service.logFile,
        process: process_,
      } as Running & { adminPort: number; logFile: string };
      void process_.exited.then((code) => {
        running.exitCode = code;
        if (!this.stopping)
          this.io.out(`${service.name} exited with code ${code ?? 'signal'}; see ${service.logFile}\n`);
      });
      this.services.push(running);
    }
  }

  private readyUrl(adminPort: number): string {
    const host = this.layout.host === '0.0.0.0' ? '127.0.0.1' : this.layout.host;
    return `http://${host}:${adminPort}/readyz`;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + this.layout.readyTimeoutMs;
    let last = '';
    for (;;) {
      const exited = this.services.find((s) => s.exitCode !== undefined);
      if (exited)
        throw new StartupError(
          `${exited.name} exited with code ${exited.exitCode ?? 'signal'} while starting${this.logTail(exited.logFile)}`,
        );
      const ready = await Promise.all(this.services.map((s) => this.host.isReady(this.readyUrl(s.adminPort))));
      const waiting = this.services.filter((_, i) => !ready[i]);
      if (waiting.length === 0) return;
      const line = `waiting for ${waiting.map((s) => s.name).join(', ')}... (${this.services.length - waiting.length}/${this.services.length} ready)`;
      if (line !== last) this.io.out(line + '\n');
      last = line;
      if (Date.now() > deadline) {
        const first = waiting[0];
        throw new StartupError(
          `${first.name} did not become ready within ${Math.round(this.layout.readyTimeoutMs / 1000)}s (${this.readyUrl(first.adminPort)})${this.logTail(first.logFile)}`,
        );
      }
      await this.host.sleep(250);
    }
  }

  private logTail(file: string): string {
    const lines = this.host.tail(file, LOG_TAIL_LINES);
    return lines.length === 0
      ? `\n(${file} is empty)`
      : `\nlast lines of ${file}:\n${lines.map((l) => `  ${l}`).join('\n')}`;
  }

  private saveState(ready: boolean): void {
    const state: SupervisorState = {
      supervisorPid: this.selfPid,
      startedAt: new Date().toISOString(),
      ready,
      natsUrl: this.layout.natsUrl,
      redisUrl: this.layout.redisUrl,
      prefix: this.layout.prefix,
      ingressPort: this.layout.ingressPort,
      brokerPort: this.layout.brokerPort,
      services: this.services.map((s) => ({ name: s.name, pid: s.process.pid, adminPort: s.adminPort })),
      infra: this.infra.map((i) => ({ name: i.name, pid: i.process.pid, url: i.url })),
    };
    this.host.writeState(this.layout.stateFile, state);
  }

  /** Services first (they drain their connections), then the NATS and Redis started here. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.services.map((s) => this.stopOne(s)));
    await Promise.all(this.infra.map((i) => this.stopOne(i)));
    this.host.remove(this.layout.stateFile);
  }

  private async stopOne(running: Running): Promise<void> {
    if (running.exitCode !== undefined) return;
    this.host.signal(running.process.pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS)));
    const outcome = await Promise.race([running.process.exited.then(() => 'exited' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.io.out(`${running.name} did not stop within ${STOP_GRACE_MS / 1000}s; killing it\n`);
      this.host.signal(running.process.pid, 'SIGKILL');
      await running.process.exited;
    }
  }
}
