// A WorkloadRuntime double: records what the serving controller asked for and reports whatever
// state a test sets. With `autoReady`, the ready count follows every applied count on the next tick
// (replicas up, or all stopped at zero), which is what the integration tests need from a runtime
// without running processes.
import type { WorkloadRuntime, WorkloadSpec, WorkloadState } from '@knts/runtime';

export class RecordingRuntime implements WorkloadRuntime {
  readonly applied: Array<{ spec: WorkloadSpec; replicas: number }> = [];
  readonly deleted: string[] = [];
  private readonly states = new Map<string, WorkloadState>();
  private readonly listeners = new Set<(namespace: string, name: string) => void>();

  /** `hold` may return a promise an apply waits for before it is recorded (a runtime that is slow to answer). */
  constructor(
    private readonly options: { autoReady?: boolean; hold?: (spec: WorkloadSpec, replicas: number) => Promise<void> | undefined } = {},
  ) {}

  /** Sets what `state()` and `apply()` report for a workload, as the runtime would after a change. */
  setState(namespace: string, name: string, state: Partial<WorkloadState>): void {
    const key = `${namespace}/${name}`;
    const previous = this.states.get(key) ?? { desiredReplicas: 1, actualReplicas: 0, readyReplicas: 0, endpoints: [] };
    this.states.set(key, { ...previous, ...state });
  }

  async apply(spec: WorkloadSpec, replicas: number): Promise<WorkloadState> {
    await this.options.hold?.(spec, replicas);
    this.applied.push({ spec: structuredClone(spec), replicas });
    const key = `${spec.namespace}/${spec.name}`;
    this.setState(spec.namespace, spec.name, { desiredReplicas: replicas });
    if (this.options.autoReady && this.states.get(key)?.readyReplicas !== replicas) {
      setImmediate(() => {
        // A later apply changed the count meanwhile: that one's tick settles it.
        if (this.states.get(key)?.desiredReplicas !== replicas) return;
        this.setState(spec.namespace, spec.name, {
          actualReplicas: replicas,
          readyReplicas: replicas,
          endpoints: Array.from({ length: replicas }, (_, i) => ({ pod: `${spec.name}-deployment-${i}`, host: '127.0.0.1', port: 0 })),
        });
        for (const listener of this.listeners) listener(spec.namespace, spec.name);
      });
    }
    return structuredClone(this.states.get(key)!);
  }

  async delete(namespace: string, name: string): Promise<void> {
    this.deleted.push(`${namespace}/${name}`);
    this.states.delete(`${namespace}/${name}`);
  }

  state(namespace: string, name: string): WorkloadState | undefined {
    const state = this.states.get(`${namespace}/${name}`);
    return state ? structuredClone(state) : undefined;
  }

  onChange(listener: (namespace: string, name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.states.clear();
  }
}
