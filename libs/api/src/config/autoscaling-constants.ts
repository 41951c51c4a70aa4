// Names and bounds from knative/serving pkg/apis/autoscaling/register.go.

export const KPA_CLASS = 'kpa.autoscaling.knative.dev';
export const HPA_CLASS = 'hpa.autoscaling.knative.dev';
export const AUTOSCALING_DOMAIN = 'autoscaling.knative.dev';

export const METRIC_CONCURRENCY = 'concurrency';
export const METRIC_RPS = 'rps';
export const METRIC_CPU = 'cpu';
export const METRIC_MEMORY = 'memory';

export const AGGREGATION_LINEAR = 'linear';
export const AGGREGATION_WEIGHTED_EXPONENTIAL = 'weighted-exponential';
/** Older spelling upstream still accepts. */
export const AGGREGATION_WEIGHTED_EXPONENTIAL_ALT = 'weightedExponential';

/** The smallest target (`TargetMin`). */
export const TARGET_MIN = 0.01;
/** Stable window bounds (`WindowMin`, `WindowMax`). */
export const WINDOW_MIN_MS = 6_000;
export const WINDOW_MAX_MS = 3_600_000;
export const PANIC_WINDOW_PERCENTAGE_MIN = 1;
export const PANIC_WINDOW_PERCENTAGE_MAX = 100;
export const PANIC_THRESHOLD_PERCENTAGE_MIN = 110;
export const PANIC_THRESHOLD_PERCENTAGE_MAX = 1000;

/** RPS target utilization: hard-coded upstream (`TargetUtilization`), no ConfigMap key. */
export const RPS_TARGET_UTILIZATION = 0.7;

/** pkg/autoscaler/config BucketSize: one bucket per second. */
export const BUCKET_SIZE_MS = 1_000;
/** pkg/autoscaler/scaling/multiscaler.go tickInterval. */
export const TICK_INTERVAL_MS = 2_000;

/** Where config-autoscaler lives. */
export const CONFIG_AUTOSCALER_NAME = 'config-autoscaler';
export const SYSTEM_NAMESPACE = 'knative-serving';
