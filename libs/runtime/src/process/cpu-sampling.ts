// Wires a CpuSampler to a process runtime and NATS: the workloads are the ones the runtime has
// told its onChange listeners about (every apply and replica change does) and still runs, the
// samples go out as dev.knts.runtime.cpu.v1. Nothing in the runtime itself changes.
import { catalogue as defaultCatalogue, publishEvent, type EventCatalogue } from '@knts/events';
import type { NatsConnection } from '@nats-io/transport-node';
import type { WorkloadRuntime } from '../workload-runtime';
import { CpuSampler, type WorkloadKey } from './cpu-sampler';

export interface CpuSamplingOptions {
  /** A runtime without `processes` (not local processes) has nothing to measure. */
  runtime: Pick<WorkloadRuntime, 'onChange' | 'state' | 'processes'>;
  connection: NatsConnection;
  /** Tests pass withPrefix(...). */
  catalogue?: EventCatalogue;
  /** Which workloads to measure (the serving-controller: HPA class, metric cpu); default all. */
  filter?: (namespace: string, name: string) => boolean;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

export interface CpuSampling {
  stop(): Promise<void>;
}

export function startCpuSampling(options: CpuSamplingOptions): CpuSampling {
  const known = new Map<string, WorkloadKey>();
  const unsubscribe = options.runtime.onChange((namespace, name) => known.set(`${namespace}/${name}`, { namespace, name }));
  const entry = (options.catalogue ?? defaultCatalogue).entries.runtimeCpu;
  const sampler = new CpuSampler({
    processes: (namespace, name) => options.runtime.processes?.(namespace, name) ?? [],
    *workloads() {
      for (const [key, workload] of known) {
        if (!options.runtime.state(workload.namespace, workload.name)) known.delete(key);
        else if (!options.filter || options.filter(workload.namespace, workload.name)) yield workload;
      }
    },
    publish: (sample) => {
      const params = { namespace: sample.namespace, revision: sample.revision };
      try {
        publishEvent(options.connection, entry.subject(params), entry.event(params, sample));
      } catch (err) {
        // A closed or draining connection: the next second tries again.
        options.onError?.(err);
      }
    },
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  sampler.start();
  return {
    async stop() {
      unsubscribe();
      await sampler.stop();
    },
  };
}
