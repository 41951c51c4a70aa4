// Knative's activator request metrics (pkg/activator/handler/metrics.go): a count and a latency
// distribution in milliseconds per revision and response code. Label children are resolved
// once per (revision, code) and cached on the backend, so a request costs two array reads.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { RevisionBackend } from '../routing/revision-backend';

const LABELS = [
  'namespace_name',
  'service_name',
  'configuration_name',
  'revision_name',
  'response_code',
  'response_code_class',
] as const;

/** Milliseconds, spread like Knative's default latency distribution. */
const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 300000];

interface Children {
  count: Counter.Internal;
  latency: Histogram.Internal<string>;
}

/** The per-backend cache: children by status code, for the settings they were made with. */
interface Slot {
  serviceName: string;
  configurationName: string;
  byCode: Array<Children | undefined>;
}

export class RequestMetrics {
  private readonly count: Counter<(typeof LABELS)[number]>;
  private readonly latency: Histogram<(typeof LABELS)[number]>;

  constructor(registry: Registry) {
    this.count = new Counter({
      name: 'activator_request_count',
      help: 'The number of requests that are routed to the activator',
      labelNames: LABELS,
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'activator_request_latencies',
      help: 'The response latency of requests routed through the activator, in milliseconds',
      labelNames: LABELS,
      buckets: LATENCY_BUCKETS_MS,
      registers: [registry],
    });
  }

  record(backend: RevisionBackend, code: number, latencyMs: number): void {
    let slot = backend.metricsSlot as Slot | undefined;
    const settings = backend.settings;
    if (!slot || slot.serviceName !== settings.serviceName || slot.configurationName !== settings.configurationName) {
      slot = { serviceName: settings.serviceName, configurationName: settings.configurationName, byCode: [] };
      backend.metricsSlot = slot;
    }
    let children = slot.byCode[code];
    if (!children) {
      const labels = {
        namespace_name: backend.namespace,
        service_name: settings.serviceName,
        configuration_name: settings.configurationName,
        revision_name: backend.name,
        response_code: String(code),
        response_code_class: `${Math.floor(code / 100)}xx`,
      };
      children = { count: this.count.labels(labels), latency: this.latency.labels(labels) };
      slot.byCode[code] = children;
    }
    children.count.inc();
    children.latency.observe(latencyMs);
  }
}
