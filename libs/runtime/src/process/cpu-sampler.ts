// CPU use of replica processes, measured the way metrics-server's cAdvisor source does for a Pod
// (container CPU time over an interval), from Linux /proc: every second, for each replica, the
// utime + stime of its process and all its live descendants, in clock ticks, compared with the
// previous second. Published per revision as dev.knts.runtime.cpu.v1 for the autoscaler's HPA
// class (metric cpu).
//
// Descendants are found through /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN, on in
// every mainstream kernel): a handful of small reads per replica, no scan of /proc. A child that
// starts and exits between two samples is not counted; one that exits loses its last partial
// second. Without /proc (macOS) nothing is published and the HPA has no metric.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { RuntimeCpuData, RuntimeCpuPod } from '@knts/events';
import type { ReplicaPid } from '../workload-runtime';

export interface WorkloadKey {
  namespace: string;
  name: string;
}

export interface CpuSamplerOptions {
  /** The replicas of a workload now. */
  processes: (namespace: string, name: string) => readonly ReplicaPid[];
  /** The workloads to measure this second. */
  workloads: () => Iterable<WorkloadKey>;
  publish: (sample: RuntimeCpuData) => void;
  /** Default 1000 ms, as queue-proxy reports and metrics-server's finest resolution. */
  intervalMs?: number;
  /** Default /proc. */
  procRoot?: string;
  /** USER_HZ; default from `getconf CLK_TCK` (100 on Linux). */
  clockTicks?: number;
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
  /** Wall clock for the sample's timestamp. */
  clock?: () => Date;
  onError?: (err: unknown) => void;
}

/** Processes followed per replica at most, so a fork bomb cannot make sampling slow. */
const MAX_PROCESSES = 256;

interface ReplicaState {
  atMs: number;
  /** `pid:starttime` → utime + stime ticks. */
  ticks: Map<string, number>;
}

interface ProcStat {
  key: string;
  ticks: number;
}

let cachedClockTicks: number | undefined;

/** sysconf(_SC_CLK_TCK) as getconf prints it; 100 when getconf is missing. */
export function clockTicksPerSecond(): number {
  if (cachedClockTicks === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim());
      cachedClockTicks = Number.isInteger(n) && n > 0 ? n : 100;
    } catch {
      cachedClockTicks = 100;
    }
  }
  return cachedClockTicks;
}

/**
 * Fields of /proc/<pid>/stat (proc(5)): the command name is in parentheses and may hold spaces
 * or parentheses, so fields are counted from the last ')'. utime is field 14, stime 15,
 * starttime 22 (which tells a reused pid from the process it replaces).
 */
export function parseProcStat(text: string): { utime: number; stime: number; starttime: string } | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const starttime = fields[19];
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || starttime === undefined) return undefined;
  return { utime, stime, starttime };
}

export class CpuSampler {
  private readonly state = new Map<string, Map<string, ReplicaState>>();
  private readonly procRoot: string;
  private readonly now: () => number;
  private readonly clock: () => Date;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private clockTicks: number | undefined;

  constructor(private readonly options: CpuSamplerOptions) {
    this.procRoot = options.procRoot ?? '/proc';
    this.now = options.now ?? (() => performance.now());
    this.clock = options.clock ?? (() => new Date());
    this.clockTicks = options.clockTicks;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // One sample at a time: a slow /proc never piles samples up.
      if (this.running) return;
      this.running = this.sampleOnce()
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => (this.running = undefined));
    }, this.options.intervalMs ?? 1000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Measures every workload once and publishes those with a replica measured twice. */
  async sampleOnce(): Promise<void> {
    this.clockTicks ??= clockTicksPerSecond();
    const seen = new Set<string>();
    for (const { namespace, name } of this.options.workloads()) {
      const key = `${namespace}/${name}`;
      seen.add(key);
      const sample = await this.sampleWorkload(key, namespace, name);
      if (sample) this.options.publish(sample);
    }
    for (const key of [...this.state.keys()]) if (!seen.has(key)) this.state.delete(key);
  }

  private async sampleWorkload(key: string, namespace: string, name: string): Promise<RuntimeCpuData | undefined> {
    const previous = this.state.get(key) ?? new Map<string, ReplicaState>();
    const next = new Map<string, ReplicaState>();
    const pods: RuntimeCpuPod[] = [];
    let windowMs = 0;
    for (const replica of this.options.processes(namespace, name)) {
      if (replica.pid === undefined) continue;
      // The tree is found asynchronously; its stat files are then read back to back, synchronously,
      // and the clock read at once, so a busy machine's thread-pool delays do not skew the window.
      const stats = this.readStats(await this.processTree(replica.pid));
      const atMs = this.now();
      if (stats.length === 0) continue;
      const ticks = new Map(stats.map((s) => [s.key, s.ticks]));
      next.set(replica.pod, { atMs, ticks });
      const before = previous.get(replica.pod);
      if (!before || atMs <= before.atMs) continue;
      let used = 0;
      for (const [proc, now] of ticks) {
        const then = before.ticks.get(proc);
        // A process not there a second ago started since (or was missed): all its time is new.
        used += then === undefined ? now : Math.max(0, now - then);
      }
      const seconds = (atMs - before.atMs) / 1000;
      windowMs = Math.max(windowMs, atMs - before.atMs);
      pods.push({
        pod: replica.pod,
        ready: replica.ready,
        millicores: Math.round((used / (this.clockTicks ?? 100) / seconds) * 1000),
        processes: ticks.size,
      });
    }
    this.state.set(key, next);
    if (pods.length === 0) return undefined;
    return {
      namespace,
      revision: name,
      windowSeconds: Math.round(windowMs) / 1000,
      pods,
      timestamp: this.clock().toISOString(),
    };
  }

  /** `root` and its live descendants (breadth first, at most MAX_PROCESSES). */
  private async processTree(root: number): Promise<number[]> {
    const out: number[] = [];
    const queue = [root];
    const visited = new Set<number>();
    while (queue.length > 0 && out.length < MAX_PROCESSES) {
      const pid = queue.shift() as number;
      if (visited.has(pid)) continue;
      visited.add(pid);
      out.push(pid);
      queue.push(...(await this.childrenOf(pid)));
    }
    return out;
  }

  /** One small in-memory read per process: /proc/<pid>/stat never blocks on a disk. */
  private readStats(pids: readonly number[]): ProcStat[] {
    const out: ProcStat[] = [];
    for (const pid of pids) {
      try {
        const parsed = parseProcStat(readFileSync(`${this.procRoot}/${pid}/stat`, 'utf8'));
        if (parsed) out.push({ key: `${pid}:${parsed.starttime}`, ticks: parsed.utime + parsed.stime });
      } catch {
        // Exited since it was listed.
      }
    }
    return out;
  }

  private async childrenOf(pid: number): Promise<number[]> {
    let tasks: string[];
    try {
      tasks = await readdir(`${this.procRoot}/${pid}/task`);
    } catch {
      return [];
    }
    const children: number[] = [];
    for (const tid of tasks) {
      try {
        const text = await readFile(`${this.procRoot}/${pid}/task/${tid}/children`, 'utf8');
        for (const word of text.split(/\s+/)) if (word !== '') children.push(Number(word));
      } catch {
        // The thread ended, or the kernel has no children files: the replica counts alone.
      }
    }
    return children;
  }
}
