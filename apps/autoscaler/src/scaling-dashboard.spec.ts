// deploy/grafana/scaling-debugging.json must only chart what the autoscaler exports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { AutoscalerMetrics, REVISION_LABELS } from './autoscaler-metrics';

interface Dashboard {
  title: string;
  templating: { list: Array<{ name: string; query?: unknown }> };
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

const dashboard = JSON.parse(readFileSync(join(__dirname, '../../../deploy/grafana/scaling-debugging.json'), 'utf8')) as Dashboard;

/** Metric names in a PromQL expression: identifiers before `{`, and label_values' first argument. */
function metricNames(expr: string): string[] {
  const selectors = [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((m) => m[1] as string);
  const labelValues = [...expr.matchAll(/label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/g)].map((m) => m[1] as string);
  return [...selectors, ...labelValues];
}

describe('Scaling Debugging dashboard', () => {
  const registered = (() => {
    const registry = new Registry();
    new AutoscalerMetrics(registry);
    return new Set(registry.getMetricsAsArray().map((m) => m.name));
  })();

  it('queries only metrics the autoscaler registers', () => {
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNames(t.expr)));
    const variables = dashboard.templating.list.flatMap((v) => (typeof v.query === 'object' && v.query ? metricNames(JSON.stringify(v.query).replace(/\\"/g, '"')) : []));
    expect(queried.length).toBeGreaterThan(0);
    expect([...queried, ...variables].filter((name) => !registered.has(name))).toEqual([]);
  });

  it('has the namespace, configuration and revision variables, filtering on upstream label names', () => {
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(expect.arrayContaining(['namespace', 'configuration', 'revision']));
    for (const panel of dashboard.panels)
      for (const t of panel.targets) for (const label of REVISION_LABELS.slice(0, 3)) expect(t.expr).toContain(label);
  });

  it('charts pod counts, concurrency against target, panic mode and excess burst capacity', () => {
    const all = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const name of ['autoscaler_desired_pods', 'autoscaler_requested_pods', 'autoscaler_actual_pods', 'autoscaler_stable_request_concurrency', 'autoscaler_panic_request_concurrency', 'autoscaler_target_concurrency_per_pod', 'autoscaler_panic_mode', 'autoscaler_excess_burst_capacity'])
      expect(all).toContain(name);
  });
});
