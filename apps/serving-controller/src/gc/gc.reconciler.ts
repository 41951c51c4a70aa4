// Revision garbage collection per Configuration (knative/serving pkg/reconciler/gc/gc.go).
import type { ConfigMap, Configuration, Revision } from '../serving-objects';
import { PermanentError, type ReconcileResult } from '@knts/store';
import { splitKey } from '../object-key';
import { isControlledBy } from '../owner-references';
import type { ReconcilerDeps } from '../reconciler-deps';
import { ServingAnnotations, ServingLabels, SYSTEM_NAMESPACE } from '../serving-keys';
import type { ConfigurationStatus } from '../serving-status';
import { CONFIG_MAPS, CONFIGURATIONS, REVISIONS } from '../serving-types';
import { DISABLED, parseGcConfig, type GcConfig } from './gc-config';

export class GcReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const config = this.deps.lister.get<Configuration>(CONFIGURATIONS, namespace, name);
    if (!config || config.metadata.deletionTimestamp) return;
    let gc: GcConfig;
    try {
      gc = parseGcConfig(this.deps.lister.get<ConfigMap>(CONFIG_MAPS, SYSTEM_NAMESPACE, 'config-gc'));
    } catch (err) {
      // Retrying cannot fix the ConfigMap; its next change re-enqueues every Configuration.
      throw new PermanentError(err instanceof Error ? err.message : String(err), { cause: err });
    }
    const { minNonActiveRevisions: min, maxNonActiveRevisions: max } = gc;
    if (max === DISABLED && gc.retainSinceCreateTime === DISABLED && gc.retainSinceLastActiveTime === DISABLED) return;

    const all = this.deps.lister
      .list<Revision>(REVISIONS, namespace, `${ServingLabels.configuration}=${name}`)
      .filter((r) => isControlledBy(r, config));
    if (all.length <= min) return;

    const now = this.deps.clock().getTime();
    // Most recently active first: the `min` newest non-active Revisions are always kept.
    const candidates = all.filter((r) => !isActive(r, config)).sort((a, b) => lastActive(b) - lastActive(a));
    const kept: Revision[] = candidates.slice(0, min);
    let nextCheck = Infinity;
    for (const revision of candidates.slice(min)) {
      const staleAt = staleTime(gc, revision);
      if (staleAt <= now) await this.collect(revision);
      else {
        kept.push(revision);
        nextCheck = Math.min(nextCheck, staleAt);
      }
    }
    if (max !== DISABLED && kept.length > max) {
      for (const revision of kept.slice(max)) await this.collect(revision);
    }
    // Time alone makes Revisions stale; look again when the next one would be.
    return Number.isFinite(nextCheck) ? { requeueAfter: nextCheck - now } : undefined;
  }

  private async collect(revision: Revision): Promise<void> {
    await this.deps.store.delete(REVISIONS, revision.metadata.namespace, revision.metadata.name ?? '');
  }
}

/** gc.go isRevisionActive: latest ready, pinned with no-gc, or anything not explicitly in reserve. */
function isActive(revision: Revision, config: Configuration): boolean {
  const status = config.status as ConfigurationStatus | undefined;
  if (status?.latestReadyRevisionName === revision.metadata.name) return true;
  // The latest created one is pending or active until the labeler says otherwise; keep it regardless.
  if (status?.latestCreatedRevisionName === revision.metadata.name) return true;
  if (revision.metadata.annotations?.[ServingAnnotations.noGc]?.toLowerCase() === 'true') return true;
  return revision.metadata.labels?.[ServingLabels.routingState] !== 'reserve';
}

/** gc.go revisionLastActiveTime: when routing state last changed, else creation. */
function lastActive(revision: Revision): number {
  const modified = Date.parse(revision.metadata.annotations?.[ServingAnnotations.routingStateModified] ?? '');
  return Number.isNaN(modified) ? Date.parse(revision.metadata.creationTimestamp ?? '') || 0 : modified;
}

/** gc.go isRevisionStale, as the moment the Revision becomes stale (Infinity: never). */
function staleTime(gc: GcConfig, revision: Revision): number {
  const { retainSinceCreateTime: sinceCreate, retainSinceLastActiveTime: sinceActive } = gc;
  if (sinceCreate === DISABLED && sinceActive === DISABLED) return Infinity;
  const created = Date.parse(revision.metadata.creationTimestamp ?? '') || 0;
  return Math.max(sinceCreate === DISABLED ? 0 : created + sinceCreate, sinceActive === DISABLED ? 0 : lastActive(revision) + sinceActive);
}
