// One replica: a child process with its probes and kubelet-like restarts. It knows nothing of
// the store; the runtime turns its view() into a Pod and decides when to stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OutputStream } from '@knts/events';
import { LineSplitter, RecentLines } from './log-pipeline';
import type { ContainerState, ReplicaView } from './pod-manifest';
import { rfc3339 } from './pod-manifest';
import { checkProbe } from './probe-check.adapter';
import type { ProbeSettings } from './probe-settings';
import { RestartBackoff, type RestartBackoffOptions } from './restart-backoff';

/** What to run; prepared again before every (re)start, as the kubelet resolves env each time. */
export interface LaunchPlan {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

/** The container cannot be created yet; `reason` is the kubelet's waiting reason. */
export class LaunchError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

export interface ReplicaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ProcessReplicaOptions {
  pod: string;
  port: number;
  containerName: string;
  image: string;
  prepare(): Promise<LaunchPlan>;
  readiness: ProbeSettings;
  liveness?: ProbeSettings;
  terminationGraceMs: number;
  backoff?: RestartBackoffOptions;
  /** Retry delay after a LaunchError (a missing ConfigMap may appear). */
  configRetryMs?: number;
  onOutput(stream: OutputStream, line: string): void;
  onChange(): void;
  clock(): Date;
  logger?: ReplicaLogger;
}

// How long to wait for the output pipes to close after the process exited (a grandchild may hold them).
const PIPE_CLOSE_WAIT_MS = 300;
/**
 * Output before the first Ready often says "listening": in the aggressive readiness mode a line
 * cuts the wait for the next probe short, but probes stay at least this far apart.
 */
const OUTPUT_PROBE_GAP_MS = 2;

export class ProcessReplica {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private runAbort?: AbortController;
  private readonly stopAbort = new AbortController();
  private readonly backoff: RestartBackoff;
  private readonly recent = new RecentLines(200);
  private readonly createdAt: Date;
  private view_: ReplicaView;
  private launched = false;
  /** Set while the aggressive readiness probe waits for its next attempt: probe sooner. */
  private nudgeReadiness: (() => void) | undefined;
  /** Output arrived since the last probe attempt started (it may have missed the listening socket). */
  private outputSinceProbe = false;

  constructor(private readonly options: ProcessReplicaOptions) {
    this.backoff = new RestartBackoff(options.backoff);
    this.createdAt = options.clock();
    this.view_ = {
      pod: options.pod,
      port: options.port,
      containerName: options.containerName,
      image: options.image,
      ready: false,
      started: false,
      stopping: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      createdAt: this.createdAt,
      readyChangedAt: this.createdAt,
    };
  }

  view(): ReplicaView {
    return { ...this.view_, pid: this.child?.pid };
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  get running(): boolean {
    return this.pid !== undefined;
  }

  start(): void {
    if (this.launched) return;
    this.launched = true;
    void this.launch();
  }

  /** Not ready from now on, no more probes or restarts; the process keeps running until terminate(). */
  beginStop(): void {
    if (this.view_.stopping) return;
    this.update({ stopping: true, ready: false });
    this.stopAbort.abort();
    this.runAbort?.abort();
  }

  /** SIGTERM to the process group, SIGKILL after the grace period; resolves once it exited. */
  async terminate(): Promise<void> {
    this.beginStop();
    await this.kill(this.options.terminationGraceMs);
  }

  private update(patch: Partial<ReplicaView>): void {
    const next = { ...this.view_, ...patch };
    if (patch.ready !== undefined && patch.ready !== this.view_.ready) next.readyChangedAt = this.options.clock();
    this.view_ = next;
    this.options.onChange();
  }

  private async launch(): Promise<void> {
    if (this.stopAbort.signal.aborted) return;
    let plan: LaunchPlan;
    try {
      plan = await this.options.prepare();
    } catch (err) {
      const reason = err instanceof LaunchError ? err.reason : 'CreateContainerError';
      this.update({ state: { waiting: { reason, message: (err as Error).message } } });
      if (await this.pause(this.options.configRetryMs ?? 1000)) void this.launch();
      return;
    }
    if (this.stopAbort.signal.aborted) return;
    const [file, ...args] = plan.argv;
    const startedAt = this.options.clock();
    let child: ChildProcess;
    try {
      // detached: the replica gets its own process group, so stopping it also stops what it spawned.
      child = spawn(file, args, { cwd: plan.cwd, env: plan.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      this.onExit(startedAt, 128, 'StartError', (err as Error).message);
      return;
    }
    this.child = child;
    const run = new AbortController();
    this.runAbort = run;
    let resolveExited: () => void = () => undefined;
    this.exited = new Promise((resolve) => (resolveExited = resolve));
    const pipes = [this.pipe(child, 'stdout'), this.pipe(child, 'stderr')];
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        run.abort();
        resolveExited();
        this.onExit(startedAt, 128, 'StartError', `failed to start ${JSON.stringify(file)}: ${err.message}`);
      }
    });
    const running = (): void => {
      this.options.logger?.info({ pod: this.options.pod, pid: child.pid, argv: plan.argv }, 'replica process started');
      this.update({
        started: true,
        firstStartedAt: this.view_.firstStartedAt ?? startedAt,
        state: { running: { startedAt: rfc3339(startedAt) } },
      });
      void this.probeLoop('readiness', this.options.readiness, plan, run.signal);
      if (this.options.liveness) void this.probeLoop('liveness', this.options.liveness, plan, run.signal);
    };
    // A pid means the exec succeeded: probe from now, not from the 'spawn' event, which waits
    // for the next tick (behind every other replica started in the same burst).
    if (child.pid !== undefined) running();
    else child.once('spawn', running);
    child.once('exit', (code, signal) => {
      run.abort();
      const exitCode = code ?? 128 + signalNumber(signal);
      void Promise.race([Promise.all(pipes), sleep(PIPE_CLOSE_WAIT_MS)]).then(() => {
        resolveExited();
        this.onExit(startedAt, exitCode, exitCode === 0 ? 'Completed' : 'Error', spawnError?.message);
      });
    });
  }

  private pipe(child: ChildProcess, stream: OutputStream): Promise<void> {
    const source = child[stream];
    if (!source) return Promise.resolve();
    const splitter = new LineSplitter();
    const emit = (line: string): void => {
      this.recent.add(stream, line);
      this.options.onOutput(stream, line);
      this.outputSinceProbe = true;
      this.nudgeReadiness?.();
    };
    source.on('data', (chunk: Buffer) => splitter.push(chunk).forEach(emit));
    return new Promise((resolve) => {
      source.once('close', () => {
        splitter.end().forEach(emit);
        resolve();
      });
    });
  }

  private onExit(startedAt: Date, exitCode: number, reason: string, error?: string): void {
    const finishedAt = this.options.clock();
    // FallbackToLogsOnError (Knative's default terminationMessagePolicy): the last output lines.
    const message = error ?? (exitCode === 0 ? '' : this.recent.terminationMessage());
    const terminated: ContainerState = {
      terminated: {
        exitCode,
        reason,
        ...(message ? { message } : {}),
        startedAt: rfc3339(startedAt),
        finishedAt: rfc3339(finishedAt),
      },
    };
    this.child = undefined;
    if (this.view_.stopping) {
      this.update({ ready: false, started: false, state: terminated });
      return;
    }
    this.options.logger?.warn({ pod: this.options.pod, exitCode }, 'replica process exited; restarting');
    const delay = this.backoff.next(finishedAt.getTime() - startedAt.getTime());
    const state: ContainerState =
      delay > 0
        ? {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${Math.round(delay / 1000)}s restarting failed container=${this.options.containerName} pod=${this.options.pod}`,
            },
          }
        : terminated;
    this.update({ ready: false, started: false, state, lastState: terminated });
    void this.pause(delay).then((go) => {
      if (!go) return;
      this.view_ = { ...this.view_, restartCount: this.view_.restartCount + 1 };
      void this.launch();
    });
  }

  /** Sleeps unless the replica is stopping; false when it is. */
  private async pause(ms: number): Promise<boolean> {
    if (this.stopAbort.signal.aborted) return false;
    if (ms <= 0) return true;
    try {
      await sleep(ms, undefined, { signal: this.stopAbort.signal });
      return true;
    } catch {
      return false;
    }
  }

  private async probeLoop(
    kind: 'readiness' | 'liveness',
    settings: ProbeSettings,
    plan: LaunchPlan,
    signal: AbortSignal,
  ): Promise<void> {
    const wait = async (ms: number): Promise<boolean> => {
      if (signal.aborted) return false;
      try {
        await sleep(ms, undefined, { signal });
        return true;
      } catch {
        return false;
      }
    };
    // Until the first Ready, Knative's aggressive mode probes as often as it can; output from the
    // process (typically its "listening" line) is a good moment to try again.
    const untilNextProbe = (ms: number, since: number): Promise<boolean> =>
      new Promise((resolve) => {
        if (signal.aborted) return resolve(false);
        let timer: ReturnType<typeof setTimeout>;
        const done = (go: boolean): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', aborted);
          if (this.nudgeReadiness === nudge) this.nudgeReadiness = undefined;
          resolve(go);
        };
        const aborted = (): void => done(false);
        const nudge = (): void => {
          clearTimeout(timer);
          timer = setTimeout(() => done(true), Math.max(0, since + OUTPUT_PROBE_GAP_MS - performance.now()));
        };
        timer = setTimeout(() => done(true), ms);
        signal.addEventListener('abort', aborted, { once: true });
        this.nudgeReadiness = nudge;
        // A line that came while the last attempt was under way counts too.
        if (this.outputSinceProbe) nudge();
      });
    if (settings.initialDelayMs > 0 && !(await wait(settings.initialDelayMs))) return;
    let passes = 0;
    let failures = 0;
    while (!signal.aborted) {
      const steady = settings.aggressive && this.view_.ready ? settings.aggressive : undefined;
      const probeStart = performance.now();
      if (kind === 'readiness') this.outputSinceProbe = false;
      const ok = await checkProbe(settings.action, steady?.steadyTimeoutMs ?? settings.timeoutMs, {
        env: plan.env,
        cwd: plan.cwd,
      });
      if (signal.aborted) return;
      if (ok) {
        passes++;
        failures = 0;
      } else {
        failures++;
        passes = 0;
      }
      if (kind === 'readiness') {
        if (ok && !this.view_.ready && passes >= settings.successThreshold) this.update({ ready: true });
        else if (!ok && this.view_.ready && failures >= settings.failureThreshold) this.update({ ready: false });
      } else if (!ok && failures >= settings.failureThreshold) {
        this.options.logger?.warn(
          { pod: this.options.pod, failures },
          'liveness probe failed; restarting the container',
        );
        this.runAbort?.abort();
        this.update({ ready: false });
        await this.kill(this.options.terminationGraceMs);
        return;
      }
      const eager = kind === 'readiness' && settings.aggressive !== undefined && !this.view_.ready;
      if (!(await (eager ? untilNextProbe(settings.periodMs, probeStart) : wait(steady?.steadyPeriodMs ?? settings.periodMs))))
        return;
    }
  }

  private async kill(graceMs: number): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited || child.exitCode !== null || child.signalCode !== null) {
      await exited;
      return;
    }
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (SIGNALS[signal] ?? 0) : 0;
}
