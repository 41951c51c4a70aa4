// Probe timing as Kubernetes defines it, plus Knative's aggressive readiness mode: a readiness
// probe with periodSeconds 0 (or none at all, which means a TCP probe on the user port) is
// retried with a 100 ms timeout until it passes, as queue-proxy does
// (knative/serving pkg/queue/readiness/probe.go, every 50 ms), then checked every second to
// notice loss. knts retries every 10 ms: a local TCP connect costs microseconds, and on a
// cold start every millisecond between "listening" and "Ready" is latency a request waits out
// (bench/coldstart: overhead p95 129 ms with 50 ms, see bench/README.md). A line of output
// before the first Ready also triggers an attempt (ProcessReplica).
import type { Container } from '@knts/api';

type Probe = NonNullable<Container['readinessProbe']>;

export type ProbeAction =
  | {
      kind: 'http';
      host: string;
      port: number;
      path: string;
      scheme: 'http' | 'https';
      headers: Array<[string, string]>;
    }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'exec'; command: string[] };

export interface ProbeSettings {
  action: ProbeAction;
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
  /** Knative's periodSeconds-0 mode: `periodMs`/`timeoutMs` apply until the first success, then `steady*`. */
  aggressive?: { steadyPeriodMs: number; steadyTimeoutMs: number };
}

export const AGGRESSIVE_PERIOD_MS = 10;
export const AGGRESSIVE_TIMEOUT_MS = 100;

export interface ProbeTarget {
  /** Where the replica listens (the probes' default host). */
  host: string;
  /** The replica's PORT. */
  port: number;
  /** The serving container's declared port (number and name): probes on it go to PORT instead. */
  declaredPort?: { containerPort: number; name?: string };
}

function resolvePort(port: number | string | undefined, target: ProbeTarget): number {
  if (port === undefined || port === '' || port === 0) return target.port;
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) return resolvePort(Number(port), target);
    // A named port can only be the serving container's (Knative validates that).
    return target.port;
  }
  return target.declaredPort && port === target.declaredPort.containerPort ? target.port : port;
}

function actionOf(probe: Probe | undefined, target: ProbeTarget): ProbeAction {
  if (probe?.exec?.command?.length) return { kind: 'exec', command: probe.exec.command };
  if (probe?.httpGet) {
    const get = probe.httpGet;
    const path = get.path ?? '/';
    return {
      kind: 'http',
      host: get.host || target.host,
      port: resolvePort(get.port, target),
      path: path.startsWith('/') ? path : `/${path}`,
      scheme: (get.scheme ?? 'HTTP').toUpperCase() === 'HTTPS' ? 'https' : 'http',
      headers: (get.httpHeaders ?? []).map((h) => [h.name, h.value] as [string, string]),
    };
  }
  return {
    kind: 'tcp',
    host: probe?.tcpSocket?.host || target.host,
    port: resolvePort(probe?.tcpSocket?.port, target),
  };
}

const seconds = (value: number | undefined, fallback: number): number => (value ?? fallback) * 1000;

/** The readiness probe of the serving container, defaulted as Knative does. */
export function readinessSettings(probe: Probe | undefined, target: ProbeTarget): ProbeSettings {
  const action = actionOf(probe, target);
  const initialDelayMs = seconds(probe?.initialDelaySeconds, 0);
  if (!probe?.periodSeconds) {
    return {
      action,
      initialDelayMs,
      periodMs: AGGRESSIVE_PERIOD_MS,
      timeoutMs: AGGRESSIVE_TIMEOUT_MS,
      successThreshold: 1,
      failureThreshold: 3,
      aggressive: { steadyPeriodMs: 1000, steadyTimeoutMs: 1000 },
    };
  }
  return {
    action,
    initialDelayMs,
    periodMs: seconds(probe.periodSeconds, 10),
    timeoutMs: seconds(probe.timeoutSeconds, 1),
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/** A liveness probe with Kubernetes' defaults (period 10 s, timeout 1 s, 3 failures); none when absent. */
export function livenessSettings(probe: Probe | undefined, target: ProbeTarget): ProbeSettings | undefined {
  if (!probe) return undefined;
  return {
    action: actionOf(probe, target),
    initialDelayMs: seconds(probe.initialDelaySeconds, 0),
    periodMs: seconds(probe.periodSeconds || undefined, 10),
    timeoutMs: seconds(probe.timeoutSeconds || undefined, 1),
    successThreshold: 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}
