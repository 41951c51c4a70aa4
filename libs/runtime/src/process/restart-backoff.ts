// The kubelet's crash-loop back-off (pkg/kubelet/kuberuntime: initial 10 s, doubling, capped at
// 5 min, forgotten once a container has run for 10 min). The first restart is immediate.

export interface RestartBackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** A container that ran this long before exiting starts over at no delay. */
  resetAfterMs?: number;
}

export class RestartBackoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly resetAfterMs: number;
  private current = 0;

  constructor(options: RestartBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 10_000;
    this.maxMs = options.maxMs ?? 300_000;
    this.resetAfterMs = options.resetAfterMs ?? 600_000;
  }

  /** How long to wait before restarting a container that ran for `ranMs` and exited. */
  next(ranMs: number): number {
    if (ranMs >= this.resetAfterMs) this.current = 0;
    const delay = this.current;
    this.current = this.current === 0 ? this.initialMs : Math.min(this.current * 2, this.maxMs);
    return delay;
  }
}
