// One prom-client Registry per service (never the global one), so several services can run in
// one process (tests, `knts up` in-process) without metric name clashes.
import { Registry, collectDefaultMetrics } from 'prom-client';

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registry.setDefaultLabels({ service });
  return registry;
}
