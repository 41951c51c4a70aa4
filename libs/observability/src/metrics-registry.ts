// One prom-client Registry per service (never the global one), so several services can run in
// one process (tests, `knts up` in-process) without metric name clashes.
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * prom-client samples event-loop delay with a 10 ms timer by default: 100 wakeups a second in
 * every service, idle or not (on the activator at 1000 requests/s, one more wakeup per 10 ms
 * burst of requests). Lag shows as well at 100 ms; the histogram only gets fewer samples.
 */
export const EVENT_LOOP_MONITORING_PRECISION_MS = 100;

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
  registry.setDefaultLabels({ service });
  return registry;
}
