// Knative's activator request metrics (pkg/activator/handler/metrics.go): a count and a latency
// distribution in milliseconds per revision and response code.
//
// Hot path: prom-client's label children re-hash their labels on every inc/observe (measured as
// a visible share of the proxy's CPU), so requests only bump plain numbers in a per-(revision,
// code) cell cached on the backend; the two metrics read the cells when the registry is scraped.
import type { Registry } from 'prom-client';
import type { RevisionBackend } from '../routing/revision-backend';

/** Milliseconds, spread like Knative's default latency distribution. */
const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 300000];

interface Cell {
  labels: Record<string, string | number>;
  count: number;
  sum: number;
  /** Non-cumulative per bucket; the last slot is +Inf. */
  buckets: Float64Array;
}

interface Slot {
  serviceName: string;
  configurationName: string;
  byCode: Array<Cell | undefined>;
}

type Labels = Record<string, string | number>;

/** One sample as the Registry formats it. */
interface Sample {
  metricName?: string;
  labels: Labels;
  value: number;
}

type RegisteredMetric = Parameters<Registry['registerMetric']>[0];

/** A metric as prom-client's Registry reads it: name, help, type and get(). */
class ScrapedMetric {
  readonly aggregator = 'sum' as const;
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly read: () => Sample[],
  ) {}
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.read() });
  }
  reset(): void {}
}

export class RequestMetrics {
  /** Every cell ever made; cells outlive forgotten backends so counters never go backwards. */
  private readonly cells: Cell[] = [];

  constructor(registry: Registry) {
    registry.registerMetric(
      new ScrapedMetric('activator_request_count', 'The number of requests that are routed to the activator', 'counter', () =>
        this.cells.map((c) => ({ labels: c.labels, value: c.count })),
      ) as unknown as RegisteredMetric,
    );
    registry.registerMetric(
      new ScrapedMetric(
        'activator_request_latencies',
        'The response latency of requests routed through the activator, in milliseconds',
        'histogram',
        () => this.histogramValues(),
      ) as unknown as RegisteredMetric,
    );
  }

  record(backend: RevisionBackend, code: number, latencyMs: number): void {
    let slot = backend.metricsSlot as Slot | undefined;
    const settings = backend.settings;
    if (!slot || slot.serviceName !== settings.serviceName || slot.configurationName !== settings.configurationName) {
      slot = { serviceName: settings.serviceName, configurationName: settings.configurationName, byCode: [] };
      backend.metricsSlot = slot;
    }
    let cell = slot.byCode[code];
    if (!cell) {
      cell = this.cell(backend, slot, code);
      slot.byCode[code] = cell;
    }
    cell.count++;
    cell.sum += latencyMs;
    let i = 0;
    while (i < LATENCY_BUCKETS_MS.length && latencyMs > LATENCY_BUCKETS_MS[i]) i++;
    cell.buckets[i]++;
  }

  private cell(backend: RevisionBackend, slot: Slot, code: number): Cell {
    const labels: Labels = {
      namespace_name: backend.namespace,
      service_name: slot.serviceName,
      configuration_name: slot.configurationName,
      revision_name: backend.name,
      response_code: String(code),
      response_code_class: `${Math.floor(code / 100)}xx`,
    };
    const key = JSON.stringify(labels);
    // The same labels again (a backend forgotten and re-created): keep counting in the old cell.
    const existing = this.cells.find((c) => JSON.stringify(c.labels) === key);
    if (existing) return existing;
    const cell: Cell = { labels, count: 0, sum: 0, buckets: new Float64Array(LATENCY_BUCKETS_MS.length + 1) };
    this.cells.push(cell);
    return cell;
  }

  private histogramValues(): Sample[] {
    const values: Sample[] = [];
    for (const c of this.cells) {
      let cumulative = 0;
      for (let i = 0; i <= LATENCY_BUCKETS_MS.length; i++) {
        cumulative += c.buckets[i];
        const le = i < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[i] : '+Inf';
        values.push({ metricName: 'activator_request_latencies_bucket', labels: { le, ...c.labels }, value: cumulative });
      }
      values.push({ metricName: 'activator_request_latencies_sum', labels: c.labels, value: c.sum });
      values.push({ metricName: 'activator_request_latencies_count', labels: c.labels, value: c.count });
    }
    return values;
  }
}
