// The autoscaler's Prometheus gauges with knative/serving's names: the OpenCensus-era
// pkg/autoscaler metrics (`desired_pods`, `stable_request_concurrency`...) as its Prometheus
// exporter exposed them, prefixed `autoscaler_`, labelled per revision.
import { Gauge, type Registry } from 'prom-client';

export const REVISION_LABELS = ['namespace_name', 'configuration_name', 'revision_name', 'service_name'] as const;
export type RevisionLabels = Record<(typeof REVISION_LABELS)[number], string>;

/** Name → help text; the Grafana dashboard test checks its queries against these names. */
export const AUTOSCALER_METRICS = {
  autoscaler_desired_pods: 'Number of pods autoscaler wants to allocate',
  autoscaler_requested_pods: 'Number of pods autoscaler requested from Kubernetes',
  autoscaler_actual_pods: 'Number of pods that are allocated currently (ready)',
  autoscaler_not_ready_pods: 'Number of pods that are not ready currently',
  autoscaler_pending_pods: 'Number of pods that are pending currently',
  autoscaler_terminating_pods: 'Number of pods that are terminating currently',
  autoscaler_stable_request_concurrency: 'Average of requests count per observed pod over the stable window',
  autoscaler_panic_request_concurrency: 'Average of requests count per observed pod over the panic window',
  autoscaler_target_concurrency_per_pod: 'The desired number of concurrent requests for each pod',
  autoscaler_stable_requests_per_second: 'Average requests-per-second per observed pod over the stable window',
  autoscaler_panic_requests_per_second: 'Average requests-per-second per observed pod over the panic window',
  autoscaler_target_requests_per_second: 'The desired requests-per-second for each pod',
  autoscaler_panic_mode: '1 if autoscaler is in panic mode, 0 otherwise',
  autoscaler_excess_burst_capacity: 'Excess burst capacity overserved over the stable window',
  // HPA class, metric cpu (what Kubernetes' HPA shows in status.currentMetrics and spec.metrics).
  autoscaler_cpu_millicores_per_pod: 'Average CPU use of the ready pods over the sync period, in millicores (HPA class)',
  autoscaler_cpu_utilization_percentage: 'Average CPU use of the ready pods as a percentage of their CPU request (HPA class)',
  autoscaler_target_cpu_utilization_percentage: 'The target CPU utilization, a percentage of the CPU request (HPA class)',
} as const;

export type AutoscalerMetricName = keyof typeof AUTOSCALER_METRICS;

type Setter = (name: AutoscalerMetricName, value: number | undefined) => void;

/** The pod counts both classes report. */
interface PodReport {
  desiredPods?: number;
  requestedPods?: number;
  readyPods: number;
  notReadyPods: number;
  pendingPods: number;
  terminatingPods: number;
}

/** One tick's values for one revision; undefined fields are left as they were. */
export interface RevisionReport extends PodReport {
  panicking?: boolean;
  excessBurstCapacity?: number;
  metric: 'concurrency' | 'rps';
  stable?: number;
  panic?: number;
  target: number;
}

/** One HPA sync for one revision (desiredPods: the metric's proposal before stabilization and limits). */
export interface HpaReport extends PodReport {
  millicoresPerPod?: number;
  utilization?: number;
  targetUtilization: number;
}

export class AutoscalerMetrics {
  private readonly gauges: Record<AutoscalerMetricName, Gauge<(typeof REVISION_LABELS)[number]>>;

  constructor(registry: Registry) {
    const entries = Object.entries(AUTOSCALER_METRICS).map(([name, help]) => [
      name,
      new Gauge({ name, help, labelNames: REVISION_LABELS, registers: [registry] }),
    ]);
    this.gauges = Object.fromEntries(entries) as Record<AutoscalerMetricName, Gauge<(typeof REVISION_LABELS)[number]>>;
  }

  report(labels: RevisionLabels, r: RevisionReport): void {
    const set = this.setter(labels);
    this.reportPods(set, r);
    set('autoscaler_panic_mode', r.panicking === undefined ? undefined : r.panicking ? 1 : 0);
    set('autoscaler_excess_burst_capacity', r.excessBurstCapacity);
    if (r.metric === 'rps') {
      set('autoscaler_stable_requests_per_second', r.stable);
      set('autoscaler_panic_requests_per_second', r.panic);
      set('autoscaler_target_requests_per_second', r.target);
    } else {
      set('autoscaler_stable_request_concurrency', r.stable);
      set('autoscaler_panic_request_concurrency', r.panic);
      set('autoscaler_target_concurrency_per_pod', r.target);
    }
  }

  /** One HPA sync (HPA class, metric cpu); undefined fields are left as they were. */
  reportHpa(labels: RevisionLabels, r: HpaReport): void {
    const set = this.setter(labels);
    this.reportPods(set, r);
    set('autoscaler_cpu_millicores_per_pod', r.millicoresPerPod);
    set('autoscaler_cpu_utilization_percentage', r.utilization);
    set('autoscaler_target_cpu_utilization_percentage', r.targetUtilization);
  }

  private setter(labels: RevisionLabels): Setter {
    return (name, value) => {
      if (value !== undefined) this.gauges[name].set(labels, value);
    };
  }

  private reportPods(set: Setter, r: PodReport): void {
    set('autoscaler_desired_pods', r.desiredPods);
    set('autoscaler_requested_pods', r.requestedPods);
    set('autoscaler_actual_pods', r.readyPods);
    set('autoscaler_not_ready_pods', r.notReadyPods);
    set('autoscaler_pending_pods', r.pendingPods);
    set('autoscaler_terminating_pods', r.terminatingPods);
  }

  /** Drops a deleted revision's series. */
  forget(labels: RevisionLabels): void {
    for (const gauge of Object.values(this.gauges)) gauge.remove(labels);
  }
}
