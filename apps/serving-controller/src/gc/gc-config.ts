// config-gc (knative/serving pkg/gc/config.go, config/core/configmaps/gc.yaml).
import { ConfigMapError, parseGoDuration } from '@knts/api';
import type { ConfigMap } from '../serving-objects';

/** A setting turned off with the value "disabled" (gc.Disabled = -1 upstream). */
export const DISABLED = -1;

export interface GcConfig {
  /** ms; a Revision younger than this is kept. */
  retainSinceCreateTime: number;
  /** ms; a Revision routed more recently than this is kept. */
  retainSinceLastActiveTime: number;
  minNonActiveRevisions: number;
  maxNonActiveRevisions: number;
}

export const DEFAULT_GC_CONFIG: Readonly<GcConfig> = Object.freeze({
  retainSinceCreateTime: 48 * 3600_000,
  retainSinceLastActiveTime: 15 * 3600_000,
  minNonActiveRevisions: 20,
  maxNonActiveRevisions: 1000,
});

/** Throws ConfigMapError naming the key on a bad value, as the upstream watcher rejects it. */
export function parseGcConfig(configMap?: ConfigMap): GcConfig {
  const data = configMap?.data ?? {};
  const value = (key: string) => data[key]?.trim() || undefined;
  const duration = (key: string, fallback: number): number => {
    const text = value(key);
    if (text === undefined) return fallback;
    if (text.toLowerCase() === 'disabled') return DISABLED;
    const parsed = parseGoDuration(text);
    if ('error' in parsed) throw new ConfigMapError('config-gc', key, parsed.error);
    if (parsed.ms < 0) throw new ConfigMapError('config-gc', key, `must be non-negative or "disabled", was ${JSON.stringify(text)}`);
    return parsed.ms;
  };
  const count = (key: string, fallback: number, allowDisabled: boolean): number => {
    const text = value(key);
    if (text === undefined) return fallback;
    if (allowDisabled && text.toLowerCase() === 'disabled') return DISABLED;
    if (!/^\d+$/.test(text)) throw new ConfigMapError('config-gc', key, `failed to parse ${JSON.stringify(text)} as a non-negative integer`);
    return Number(text);
  };
  const config: GcConfig = {
    retainSinceCreateTime: duration('retain-since-create-time', DEFAULT_GC_CONFIG.retainSinceCreateTime),
    retainSinceLastActiveTime: duration('retain-since-last-active-time', DEFAULT_GC_CONFIG.retainSinceLastActiveTime),
    minNonActiveRevisions: count('min-non-active-revisions', DEFAULT_GC_CONFIG.minNonActiveRevisions, false),
    maxNonActiveRevisions: count('max-non-active-revisions', DEFAULT_GC_CONFIG.maxNonActiveRevisions, true),
  };
  if (config.maxNonActiveRevisions !== DISABLED && config.minNonActiveRevisions > config.maxNonActiveRevisions)
    throw new ConfigMapError(
      'config-gc',
      'min-non-active-revisions',
      `min-non-active-revisions(${config.minNonActiveRevisions}) must be <= max-non-active-revisions(${config.maxNonActiveRevisions})`,
    );
  return config;
}
