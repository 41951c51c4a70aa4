// The activator's half of the KPA metric pipeline (knative/serving
// pkg/activator/handler/concurrency_reporter.go, reference §2.4 step 3): per revision, the
// time-weighted concurrency and request count of every 1 s period, sent as one stat event per
// revision with activity; and the scale-from-zero fast path, an immediate
// {averageConcurrentRequests: 1, requestCount: 1} stat plus a poke, so the autoscaler decides
// now instead of on its next 2 s tick.
//
// Hot path: onRequestStart/onRequestEnd are two Map lookups and a few additions; nothing is
// allocated except the first time a revision is seen in a period.
import { hostname } from 'node:os';
import type { AutoscalerStatSink } from './autoscaler-stat-sink';
import { RequestStats } from './request-stats';

/** What identifies a revision; the proxy's RevisionBackend has both fields. */
export interface RevisionKey {
  readonly namespace: string;
  readonly name: string;
}

export interface ConcurrencyReporterOptions<K extends RevisionKey> {
  sink: AutoscalerStatSink;
  /**
   * Whether the revision has no ready endpoint now. Asked on a request's start until this
   * period's poke for the revision is sent, so it must be cheap (an array length).
   */
  isAtZero: (revision: K) => boolean;
  /** This activator replica, the stat's podName: the autoscaler sums replicas (DESIGN §2). */
  podName?: string;
  /** Milliseconds; Date.now by default. Also the stats' `timestamp`. */
  now?: () => number;
  /** Upstream reportInterval: 1 s. */
  reportIntervalMs?: number;
  /** A publish that threw; the proxy must never see it. */
  onError?: (err: unknown) => void;
}

/** This replica's name when none is given: hostname and pid, unique per activator process. */
export function defaultPodName(): string {
  return `${hostname()}-${process.pid}`;
}

class RevisionActivity {
  readonly stats: RequestStats;
  /**
   * 1 when this period already sent the immediate {1, 1} stat: upstream's `firstRequest`,
   * subtracted from the period's report so the request is not counted twice.
   */
  firstAdjustment = 0;

  constructor(
    readonly namespace: string,
    readonly name: string,
    startedAtMs: number,
  ) {
    // Upstream starts RequestStats at the first event, so the first period averages over the
    // time since that request, not over a full second.
    this.stats = new RequestStats(startedAtMs);
  }
}

export class ConcurrencyReporter<K extends RevisionKey = RevisionKey> {
  readonly podName: string;
  /** namespace → revision name → activity: no key string is built per request. */
  private readonly byNamespace = new Map<string, Map<string, RevisionActivity>>();
  private readonly sink: AutoscalerStatSink;
  private readonly isAtZero: (revision: K) => boolean;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly onError: (err: unknown) => void;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: ConcurrencyReporterOptions<K>) {
    this.sink = options.sink;
    this.isAtZero = options.isAtZero;
    this.podName = options.podName ?? defaultPodName();
    this.now = options.now ?? Date.now;
    this.intervalMs = options.reportIntervalMs ?? 1000;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Reports every interval until stop(); the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(this.tick, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A request for `revision` entered the activator (before it waits for an endpoint). */
  onRequestStart(revision: K): void {
    const now = this.now();
    const activity = this.activityOf(revision, now);
    activity.stats.requestIn(now);
    // The scale-from-zero fast path, at most once per revision per period. Upstream sends the
    // immediate stat for the first request of an idle revision whatever its scale; knts sends
    // it (and the poke) only when the revision is at zero, where it saves up to a 2 s tick.
    if (activity.firstAdjustment === 0 && this.isAtZero(revision)) {
      activity.firstAdjustment = 1;
      this.sendImmediate(activity, now);
    }
  }

  /** The request finished (answered, failed, or abandoned while waiting). */
  onRequestEnd(revision: K): void {
    const activity = this.byNamespace.get(revision.namespace)?.get(revision.name);
    // Unknown: its start was never recorded (or the reporter was replaced); nothing to end.
    if (activity !== undefined) activity.stats.requestOut(this.now());
  }

  /** Revisions with a period in progress (for tests and metrics). */
  get trackedRevisions(): number {
    let n = 0;
    for (const names of this.byNamespace.values()) n += names.size;
    return n;
  }

  /**
   * Ends the period at `now`: one stat per revision seen since its last idle period. A revision
   * without any in-flight time in the period is reported once more with zeros (so the
   * autoscaler sees the drop) and then forgotten, as upstream deletes it from its map.
   */
  report(now: number = this.now()): void {
    const timestamp = new Date(now).toISOString();
    for (const [namespace, names] of this.byNamespace) {
      for (const [name, activity] of names) {
        const report = activity.stats.report(now);
        const adjustment = activity.firstAdjustment;
        activity.firstAdjustment = 0;
        if (report.averageConcurrency === 0 && activity.stats.concurrency === 0) names.delete(name);
        this.publishStat({
          namespace,
          revision: name,
          podName: this.podName,
          // Upstream: at least 0, because the immediate stat said 1 and the period's real
          // average may be below 1.
          averageConcurrentRequests: Math.max(report.averageConcurrency - adjustment, 0),
          // Requests through the activator are counted here, not at a queue-proxy: the
          // activator's stats never carry proxied figures (upstream leaves them unset).
          averageProxiedConcurrentRequests: 0,
          requestCount: report.requestCount - adjustment,
          proxiedRequestCount: 0,
          // Upstream's activator leaves ProcessUptime unset; it describes user pods.
          processUptime: 0,
          timestamp,
        });
      }
      if (names.size === 0) this.byNamespace.delete(namespace);
    }
  }

  private readonly tick = (): void => {
    this.report();
  };

  private activityOf(revision: K, now: number): RevisionActivity {
    let names = this.byNamespace.get(revision.namespace);
    if (names === undefined) {
      names = new Map();
      this.byNamespace.set(revision.namespace, names);
    }
    let activity = names.get(revision.name);
    if (activity === undefined) {
      activity = new RevisionActivity(revision.namespace, revision.name, now);
      names.set(revision.name, activity);
    }
    return activity;
  }

  /** The stat first, then the poke: on one NATS connection they arrive in that order. */
  private sendImmediate(activity: RevisionActivity, now: number): void {
    const timestamp = new Date(now).toISOString();
    this.publishStat({
      namespace: activity.namespace,
      revision: activity.name,
      podName: this.podName,
      averageConcurrentRequests: 1,
      averageProxiedConcurrentRequests: 0,
      requestCount: 1,
      proxiedRequestCount: 0,
      processUptime: 0,
      timestamp,
    });
    try {
      this.sink.poke({ namespace: activity.namespace, revision: activity.name, timestamp });
    } catch (err) {
      this.onError(err);
    }
  }

  private publishStat(data: Parameters<AutoscalerStatSink['stat']>[0]): void {
    try {
      this.sink.stat(data);
    } catch (err) {
      this.onError(err);
    }
  }
}
