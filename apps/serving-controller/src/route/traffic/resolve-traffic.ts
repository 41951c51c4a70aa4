// Resolves a Route's traffic targets to ready Revisions (knative/serving pkg/reconciler/route/traffic).
import type { TrafficTarget } from '@knts/api';
import type { Configuration, Revision, Route } from '../../serving-objects';
import type { ObjectLister } from '../../object-lister';
import { controllerOf } from '../../owner-references';
import { isFailed, isReady } from '../../read-condition';
import type { ConfigurationStatus } from '../../serving-status';
import { CONFIGURATIONS, REVISIONS } from '../../serving-types';

/** A spec target with its Revision resolved; configurationName stays for labelling, never for status. */
export type ResolvedTarget = TrafficTarget & { revisionName: string };

/** traffic/errors.go TargetError: why a target cannot take traffic, and whether waiting can help. */
export type TargetError =
  | { kind: 'missing'; type: 'Revision' | 'Configuration'; name: string }
  | { kind: 'unreadyRevision'; name: string; failed: boolean }
  | { kind: 'unreadyConfiguration'; name: string; failed: boolean };

export type TrafficResolution = { targets: ResolvedTarget[]; error?: undefined } | { error: TargetError; targets?: undefined };

export function isFailure(error: TargetError): boolean {
  return error.kind === 'missing' || error.failed;
}

/** The Configuration a target follows: its own, or (latestRevision with none) the owning Service's. */
export function targetConfigurationName(route: Route, target: TrafficTarget): string | undefined {
  if (target.revisionName) return undefined;
  if (target.configurationName) return target.configurationName;
  const owner = controllerOf(route);
  return target.latestRevision && owner?.kind === 'Service' ? owner.name : undefined;
}

export function resolveTraffic(route: Route, lister: ObjectLister): TrafficResolution {
  const namespace = route.metadata.namespace ?? '';
  const targets: ResolvedTarget[] = [];
  let firstError: TargetError | undefined;
  // A failure (nothing will fix it by waiting) is reported before a target that is merely not ready yet.
  const note = (error: TargetError) => {
    if (!firstError || (!isFailure(firstError) && isFailure(error))) firstError = error;
  };
  const readyRevision = (name: string): Revision | undefined => {
    const revision = lister.get<Revision>(REVISIONS, namespace, name);
    if (!revision) note({ kind: 'missing', type: 'Revision', name });
    else if (!isReady(revision)) note({ kind: 'unreadyRevision', name, failed: isFailed(revision) });
    else return revision;
    return undefined;
  };

  for (const target of route.spec.traffic ?? []) {
    let revisionName = target.revisionName;
    const configurationName = targetConfigurationName(route, target);
    if (!revisionName && configurationName) {
      const config = lister.get<Configuration>(CONFIGURATIONS, namespace, configurationName);
      const latestReady = (config?.status as ConfigurationStatus | undefined)?.latestReadyRevisionName;
      if (!config) note({ kind: 'missing', type: 'Configuration', name: configurationName });
      else if (!latestReady) note({ kind: 'unreadyConfiguration', name: configurationName, failed: isFailed(config) });
      else revisionName = latestReady;
    }
    if (!revisionName || !readyRevision(revisionName)) continue;
    const resolved: ResolvedTarget = { ...target, revisionName };
    delete resolved.url;
    if (configurationName) resolved.configurationName = configurationName;
    targets.push(resolved);
  }
  return firstError ? { error: firstError } : { targets };
}
