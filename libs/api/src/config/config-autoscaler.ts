// knative/serving `config-autoscaler` (pkg/autoscaler/config/config.go): every key with the
// upstream default and the upstream validation wording, naming the key.
import { formatGoDuration } from '../validation/go-duration';
import { ConfigMapReader } from './config-map-reader';
import {
  CONFIG_AUTOSCALER_NAME,
  KPA_CLASS,
  PANIC_WINDOW_PERCENTAGE_MAX,
  PANIC_WINDOW_PERCENTAGE_MIN,
  RPS_TARGET_UTILIZATION,
  TARGET_MIN,
  WINDOW_MAX_MS,
  WINDOW_MIN_MS,
} from './autoscaling-constants';

export interface AutoscalerSettings {
  enableScaleToZero: boolean;
  /** A fraction in (0, 1]; the key accepts a percentage or, for legacy reasons, a fraction. */
  containerConcurrencyTargetFraction: number;
  containerConcurrencyTargetDefault: number;
  /** RPS utilization; fixed at 0.7 upstream. */
  targetUtilization: number;
  rpsTargetDefault: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  targetBurstCapacity: number;
  panicWindowPercentage: number;
  activatorCapacity: number;
  panicThresholdPercentage: number;
  stableWindowMs: number;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionPeriodMs: number;
  scaleDownDelayMs: number;
  podAutoscalerClass: string;
  allowZeroInitialScale: boolean;
  initialScale: number;
  minScale: number;
  maxScale: number;
  maxScaleLimit: number;
}

export const DEFAULT_AUTOSCALER_SETTINGS: Readonly<AutoscalerSettings> = Object.freeze({
  enableScaleToZero: true,
  containerConcurrencyTargetFraction: 0.7,
  containerConcurrencyTargetDefault: 100,
  targetUtilization: RPS_TARGET_UTILIZATION,
  rpsTargetDefault: 200,
  maxScaleUpRate: 1000,
  maxScaleDownRate: 2,
  // 211, not the 200 the docs still show (knative/serving PR #12774).
  targetBurstCapacity: 211,
  panicWindowPercentage: 10,
  activatorCapacity: 100,
  panicThresholdPercentage: 200,
  stableWindowMs: 60_000,
  scaleToZeroGracePeriodMs: 30_000,
  scaleToZeroPodRetentionPeriodMs: 0,
  scaleDownDelayMs: 0,
  podAutoscalerClass: KPA_CLASS,
  allowZeroInitialScale: false,
  initialScale: 1,
  minScale: 0,
  maxScale: 0,
  maxScaleLimit: 0,
});

/** Parses the `data` of config-autoscaler; throws ConfigMapError naming the key on a bad value. */
export function parseConfigAutoscaler(data: Readonly<Record<string, string>> = {}): AutoscalerSettings {
  const r = new ConfigMapReader(CONFIG_AUTOSCALER_NAME, data);
  const d = DEFAULT_AUTOSCALER_SETTINGS;
  const c: AutoscalerSettings = {
    podAutoscalerClass: r.string('pod-autoscaler-class', d.podAutoscalerClass),
    enableScaleToZero: r.boolean('enable-scale-to-zero', d.enableScaleToZero),
    allowZeroInitialScale: r.boolean('allow-zero-initial-scale', d.allowZeroInitialScale),
    maxScaleUpRate: r.float('max-scale-up-rate', d.maxScaleUpRate),
    maxScaleDownRate: r.float('max-scale-down-rate', d.maxScaleDownRate),
    containerConcurrencyTargetFraction: r.float(
      'container-concurrency-target-percentage',
      d.containerConcurrencyTargetFraction,
    ),
    containerConcurrencyTargetDefault: r.float(
      'container-concurrency-target-default',
      d.containerConcurrencyTargetDefault,
    ),
    targetUtilization: d.targetUtilization,
    rpsTargetDefault: r.float('requests-per-second-target-default', d.rpsTargetDefault),
    targetBurstCapacity: r.float('target-burst-capacity', d.targetBurstCapacity),
    panicWindowPercentage: r.float('panic-window-percentage', d.panicWindowPercentage),
    activatorCapacity: r.float('activator-capacity', d.activatorCapacity),
    panicThresholdPercentage: r.float('panic-threshold-percentage', d.panicThresholdPercentage),
    initialScale: r.int32('initial-scale', d.initialScale),
    minScale: r.int32('min-scale', d.minScale),
    maxScale: r.int32('max-scale', d.maxScale),
    maxScaleLimit: r.int32('max-scale-limit', d.maxScaleLimit),
    stableWindowMs: r.durationMs('stable-window', d.stableWindowMs),
    scaleDownDelayMs: r.durationMs('scale-down-delay', d.scaleDownDelayMs),
    scaleToZeroGracePeriodMs: r.durationMs('scale-to-zero-grace-period', d.scaleToZeroGracePeriodMs),
    scaleToZeroPodRetentionPeriodMs: r.durationMs(
      'scale-to-zero-pod-retention-period',
      d.scaleToZeroPodRetentionPeriodMs,
    ),
  };
  // Percentages become fractions; values in (0, 1] are read as fractions for legacy reasons.
  if (c.containerConcurrencyTargetFraction > 1) c.containerConcurrencyTargetFraction /= 100;
  validate(r, c);
  return c;
}

function validate(r: ConfigMapReader, c: AutoscalerSettings): void {
  if (c.scaleToZeroGracePeriodMs <= 0)
    r.fail(
      'scale-to-zero-grace-period',
      `scale-to-zero-grace-period must be positive, was: ${formatGoDuration(c.scaleToZeroGracePeriodMs)}`,
    );
  if (c.scaleDownDelayMs < 0)
    r.fail('scale-down-delay', `scale-down-delay cannot be negative, was: ${formatGoDuration(c.scaleDownDelayMs)}`);
  if (c.scaleDownDelayMs % 1000 !== 0)
    r.fail(
      'scale-down-delay',
      `scale-down-delay = ${formatGoDuration(c.scaleDownDelayMs)}, must be specified with at most second precision`,
    );
  if (c.scaleToZeroPodRetentionPeriodMs < 0)
    r.fail(
      'scale-to-zero-pod-retention-period',
      `scale-to-zero-pod-retention-period cannot be negative, was: ${formatGoDuration(c.scaleToZeroPodRetentionPeriodMs)}`,
    );
  if (c.targetBurstCapacity < 0 && c.targetBurstCapacity !== -1)
    r.fail(
      'target-burst-capacity',
      `target-burst-capacity must be either non-negative or -1 (for unlimited), was: ${c.targetBurstCapacity.toFixed(6)}`,
    );
  if (c.containerConcurrencyTargetFraction <= 0 || c.containerConcurrencyTargetFraction > 1)
    r.fail(
      'container-concurrency-target-percentage',
      `container-concurrency-target-percentage = ${c.containerConcurrencyTargetFraction.toFixed(6)} is outside of valid range of (0, 100]`,
    );
  const target = c.containerConcurrencyTargetFraction * c.containerConcurrencyTargetDefault;
  if (target < TARGET_MIN)
    r.fail(
      'container-concurrency-target-default',
      `container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of ${target}, can't be less than ${TARGET_MIN}`,
    );
  if (c.rpsTargetDefault < TARGET_MIN)
    r.fail(
      'requests-per-second-target-default',
      `requests-per-second-target-default must be at least ${TARGET_MIN}, was: ${c.rpsTargetDefault}`,
    );
  if (c.activatorCapacity < 1)
    r.fail('activator-capacity', `activator-capacity = ${c.activatorCapacity}, must be at least 1`);
  if (c.maxScaleUpRate <= 1)
    r.fail('max-scale-up-rate', `max-scale-up-rate = ${c.maxScaleUpRate}, must be greater than 1.0`);
  if (c.maxScaleDownRate <= 1)
    r.fail('max-scale-down-rate', `max-scale-down-rate = ${c.maxScaleDownRate}, must be greater than 1.0`);
  if (c.stableWindowMs < WINDOW_MIN_MS || c.stableWindowMs > WINDOW_MAX_MS)
    r.fail(
      'stable-window',
      `stable-window = ${formatGoDuration(c.stableWindowMs)}, must be in [${formatGoDuration(WINDOW_MIN_MS)}; ${formatGoDuration(WINDOW_MAX_MS)}] range`,
    );
  if (c.stableWindowMs % 1000 !== 0)
    r.fail(
      'stable-window',
      `stable-window = ${formatGoDuration(c.stableWindowMs)}, must be specified with at most second precision`,
    );
  if (c.panicWindowPercentage < PANIC_WINDOW_PERCENTAGE_MIN || c.panicWindowPercentage > PANIC_WINDOW_PERCENTAGE_MAX)
    r.fail(
      'panic-window-percentage',
      `panic-window-percentage = ${c.panicWindowPercentage}, must be in [${PANIC_WINDOW_PERCENTAGE_MIN}, ${PANIC_WINDOW_PERCENTAGE_MAX}] interval`,
    );
  if (c.initialScale < 0 || (c.initialScale === 0 && !c.allowZeroInitialScale))
    r.fail(
      'initial-scale',
      `initial-scale = ${c.initialScale}, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)`,
    );
  // A default max-scale must be set when max-scale-limit is.
  const minMaxScale = c.maxScaleLimit > 0 ? 1 : 0;
  if (c.maxScale < minMaxScale || (c.maxScaleLimit > 0 && c.maxScale > c.maxScaleLimit))
    r.fail(
      'max-scale',
      `max-scale = ${c.maxScale}, must be in [${minMaxScale}, max-scale-limit(${c.maxScaleLimit})] range`,
    );
  if (c.maxScaleLimit < 0) r.fail('max-scale-limit', `max-scale-limit = ${c.maxScaleLimit}, must be at least 0`);
  if (c.minScale < 0 || (c.maxScale > 0 && c.minScale > c.maxScale))
    r.fail('min-scale', `min-scale (${c.minScale}) must be between 0 and max-scale (${c.maxScale})`);
}
