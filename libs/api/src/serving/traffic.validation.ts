// knative/serving route_validation.go: traffic targets of a Route or a Service.
import type { FieldIssue } from '../field-error';
import { isDns1035Label, isQualifiedName } from '../validation/dns-names';
import type { TrafficTarget } from './traffic-target.schema';

export interface TrafficValidationOptions {
  /** In a Service the configuration is implied, so `configurationName` is refused. */
  hasDefaultConfigurationName: boolean;
}

function validateTarget(target: TrafficTarget, path: string, options: TrafficValidationOptions, issues: FieldIssue[]): void {
  if (target.latestRevision !== undefined) {
    const pinned = !!target.revisionName;
    if (pinned === target.latestRevision)
      issues.push({ path: `${path}.latestRevision`, message: `may not set revisionName ${JSON.stringify(target.revisionName ?? '')} when latestRevision is ${target.latestRevision}` });
  }
  if (options.hasDefaultConfigurationName && target.configurationName) {
    issues.push({ path: `${path}.configurationName`, message: 'must not set the field(s)' });
  } else if (target.revisionName && target.configurationName) {
    issues.push({ path, message: 'expected exactly one, got both: revisionName, configurationName' });
  } else if (target.revisionName) {
    const msgs = isQualifiedName(target.revisionName);
    if (msgs.length > 0) issues.push({ path: `${path}.revisionName`, message: `invalid key name ${JSON.stringify(target.revisionName)}: ${msgs.join(', ')}` });
  } else if (target.configurationName) {
    const msgs = isQualifiedName(target.configurationName);
    if (msgs.length > 0) issues.push({ path: `${path}.configurationName`, message: `invalid key name ${JSON.stringify(target.configurationName)}: ${msgs.join(', ')}` });
  } else if (!options.hasDefaultConfigurationName) {
    issues.push({ path, message: 'expected exactly one, got neither: revisionName, configurationName' });
  }
  if (target.percent !== undefined && (target.percent < 0 || target.percent > 100))
    issues.push({ path: `${path}.percent`, message: `expected 0 <= ${target.percent} <= 100` });
  if (target.url !== undefined) issues.push({ path: `${path}.url`, message: 'must not set the field(s)' });
  if (target.tag) {
    const msgs = isDns1035Label(target.tag);
    if (msgs.length > 0) issues.push({ path: `${path}.tag`, message: `not a DNS 1035 label: [${msgs.join(' ')}]` });
  }
}

export function validateTraffic(traffic: readonly TrafficTarget[], path: string, options: TrafficValidationOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const tags = new Map<string, number>();
  let sum = 0;
  traffic.forEach((target, i) => {
    validateTarget(target, `${path}[${i}]`, options, issues);
    sum += target.percent ?? 0;
    if (!target.tag) return;
    if (tags.has(target.tag)) issues.push({ path: `${path}[${i}].tag`, message: `Multiple definitions for ${JSON.stringify(target.tag)}` });
    else tags.set(target.tag, i);
  });
  // Upstream words it "Traffic targets sum to %d, want 100"; knts prints it lower-case after the path.
  if (sum !== 100) issues.push({ path, message: `traffic targets sum to ${sum}, want 100` });
  return issues;
}

/** route_defaults.go: latestRevision follows from whether a revision is pinned. */
export function setTrafficDefaults(traffic: TrafficTarget[]): void {
  for (const target of traffic) target.latestRevision ??= !target.revisionName;
}
