// Revision → a workload in the runtime, and the Revision's conditions from the workload's state
// (knative/serving pkg/reconciler/revision/{revision,reconcile_resources}.go, revision_lifecycle.go).
// For KPA-class Revisions the replica count follows the autoscaler's decisions, as upstream's KPA
// reconciler scales the Deployment (pkg/reconciler/autoscaling/kpa/{kpa,scaler}.go); so does it for
// HPA-class Revisions with metric cpu, which the autoscaler scales as Kubernetes' HPA would.
import { revisionLifecycle } from '@knts/api';
import type { DecisionSource } from '../autoscaling/decision-source';
import { autoscalerClassOf, CONFIG_AUTOSCALER, isHpaCpu, KPA_CLASS, parseScaleConfig, type ScaleConfig } from '../autoscaling/scale-config';
import type { ConfigMap, Revision } from '../serving-objects';
import type { WorkloadRuntime, WorkloadState } from '@knts/runtime';
import type { ReconcileResult } from '@knts/store';
import { splitKey } from '../object-key';
import type { ReconcilerDeps } from '../reconciler-deps';
import { statusCopy, type RevisionStatus } from '../serving-status';
import { SYSTEM_NAMESPACE } from '../serving-keys';
import { CONFIG_MAPS, REVISIONS } from '../serving-types';
import { updateStatusIfChanged } from '../status-update';
import { activeCondition } from './active-condition';
import { initialScale, minScaleOf } from './initial-scale';
import { replicaCount } from './replica-count';
import { desiredReplicas } from './replicas';
import { makeWorkload } from './resources/workload';

type Lifecycle = ReturnType<typeof revisionLifecycle>;

export interface RevisionReconcilerDeps extends ReconcilerDeps {
  runtime: WorkloadRuntime;
  /** The autoscaler's latest decisions; without it every Revision keeps its initial scale. */
  decisions?: DecisionSource;
  /** config-deployment progress-deadline (upstream default 600s): how long a first replica may take. */
  progressDeadlineMs?: number;
}

const DEFAULT_PROGRESS_DEADLINE_MS = 600_000;

/** What the conditions are derived from, besides the runtime's state. */
interface ScaleFacts {
  /** The count asked of the runtime. */
  replicas: number;
  minScale: number;
  initialScale: number;
}

export class RevisionReconciler {
  constructor(private readonly deps: RevisionReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const revision = this.deps.lister.get<Revision>(REVISIONS, namespace, name);
    if (!revision || revision.metadata.deletionTimestamp) {
      // Gone: stop its replicas. The store's cascade removes the Pods that name it as owner.
      this.deps.decisions?.forget(namespace, name);
      if (this.deps.runtime.state(namespace, name)) await this.deps.runtime.delete(namespace, name);
      return;
    }
    const config = parseScaleConfig(this.deps.lister.get<ConfigMap>(CONFIG_MAPS, SYSTEM_NAMESPACE, CONFIG_AUTOSCALER));
    const facts: ScaleFacts = {
      replicas: this.replicasFor(revision, config),
      minScale: minScaleOf(revision, config),
      initialScale: initialScale(revision, config),
    };
    // Scale to zero is apply(spec, 0): the runtime drains and stops every replica; the Revision stays
    // routable through the activator, which holds requests and pokes the autoscaler.
    const state = await this.deps.runtime.apply(makeWorkload(revision), facts.replicas);
    const status = statusCopy<RevisionStatus>(revision);
    const lifecycle = revisionLifecycle(status, this.deps.clock);
    lifecycle.initialize();
    const result = this.propagateState(revision, state, lifecycle, facts);

    status.actualReplicas = state.readyReplicas;
    status.desiredReplicas = state.desiredReplicas;
    // Images are not resolved to digests in standalone; a digest-pinned image is its own digest.
    status.containerStatuses = (revision.spec.containers ?? []).map((c) => ({
      name: c.name ?? '',
      imageDigest: c.image?.includes('@sha256:') ? c.image : '',
    }));
    delete status.logUrl;
    status.observedGeneration = revision.metadata.generation;
    await updateStatusIfChanged(this.deps.store, REVISIONS, revision, status);
    return result;
  }

  /**
   * A decision that takes a Revision off zero goes to the runtime at once, not after the keys
   * ahead of it in the workqueue: 25 Services woken together would otherwise start one reconcile
   * at a time. Only the replica count is applied, computed as reconcile() does; the reconcile
   * queued with the decision writes the status. Both call the runtime, which applies calls for
   * one workload in order, so the later call carries the newer decision.
   */
  async wake(namespace: string, name: string): Promise<void> {
    const revision = this.deps.lister.get<Revision>(REVISIONS, namespace, name);
    if (!revision || revision.metadata.deletionTimestamp) return;
    // Only a workload this runtime runs at zero; anything else is the reconcile's.
    if (this.deps.runtime.state(namespace, name)?.desiredReplicas !== 0) return;
    const config = parseScaleConfig(this.deps.lister.get<ConfigMap>(CONFIG_MAPS, SYSTEM_NAMESPACE, CONFIG_AUTOSCALER));
    const replicas = this.replicasFor(revision, config);
    if (replicas > 0) await this.deps.runtime.apply(makeWorkload(revision), replicas);
  }

  /**
   * KPA, and HPA with metric cpu: the autoscaler's decision (replicaCount); the HPA class never
   * goes below one replica. Other classes and metrics keep max(1, initial-scale, min-scale).
   */
  private replicasFor(revision: Revision, config: ScaleConfig): number {
    const hpa = isHpaCpu(revision.metadata.annotations, config);
    if (!hpa && autoscalerClassOf(revision.metadata.annotations, config) !== KPA_CLASS) return desiredReplicas(revision);
    const namespace = revision.metadata.namespace ?? '';
    const name = revision.metadata.name ?? '';
    // What runs now; after a controller restart the runtime starts empty and the status remembers it.
    const current = this.deps.runtime.state(namespace, name)?.desiredReplicas ?? (revision.status as RevisionStatus | undefined)?.desiredReplicas;
    const count = replicaCount({
      decision: this.deps.decisions?.latest(namespace, name),
      nowMs: this.deps.clock().getTime(),
      current,
      initial: hpa ? desiredReplicas(revision) : initialScale(revision, config),
    });
    return hpa ? Math.max(1, count) : count;
  }

  private propagateState(revision: Revision, state: WorkloadState, lifecycle: Lifecycle, facts: ScaleFacts): ReconcileResult {
    const wasAvailable = lifecycle.manager.getCondition('ResourcesAvailable')?.status === 'True';
    const activity = () => this.markActivity(state, lifecycle, facts, wasAvailable);
    if (state.failure) {
      const { reason, message, condition } = state.failure;
      if (condition === 'ContainerHealthy') {
        if (!wasAvailable) lifecycle.markResourcesAvailableUnknown('Deploying', '');
        lifecycle.markContainerUnhealthy(reason, message);
      } else {
        lifecycle.markResourcesUnavailable(reason, message);
      }
    } else if (state.readyReplicas > 0) {
      lifecycle.markResourcesAvailable();
      lifecycle.markContainerHealthy();
    } else if (!wasAvailable && facts.replicas === 0 && facts.initialScale === 0) {
      // initial-scale 0 (allow-zero-initial-scale): the scale target is initialized with no replica
      // (kpa.go activeThreshold is 0), so the Revision is Ready and waits for traffic.
      lifecycle.markResourcesAvailable();
      lifecycle.markContainerHealthy();
    } else if (!wasAvailable) {
      // Not available yet, even when the autoscaler already says 0: only the deadline fails it
      // (revision_lifecycle.go: scaled to 0 before initialization is "Initial scale was never achieved").
      const remaining = this.progressDeadlineRemaining(revision);
      if (remaining <= 0) {
        lifecycle.markResourcesUnavailable('ProgressDeadlineExceeded', 'Initial scale was never achieved');
      } else {
        lifecycle.markResourcesAvailableUnknown('Deploying', '');
        lifecycle.markContainerHealthyUnknown('Deploying', '');
        activity();
        return { requeueAfter: remaining };
      }
    }
    activity();
    return undefined;
  }

  /**
   * Active is informational (not a dependent of Ready): a Revision scaled to zero stays Ready, and
   * ResourcesAvailable / ContainerHealthy keep what they were, as upstream only sets them from
   * ScaleTargetInitialized and Deployment failures, never from a replica count of zero.
   */
  private markActivity(state: WorkloadState, lifecycle: Lifecycle, facts: ScaleFacts, wasAvailable: boolean): void {
    const active = activeCondition({
      desired: facts.replicas,
      readyReplicas: state.readyReplicas,
      // activeThreshold: max(1, min-scale), 0 for initial-scale 0 until the target is initialized.
      minReady: !wasAvailable && facts.initialScale === 0 ? 0 : Math.max(1, facts.minScale),
      wasAvailable,
      previous: lifecycle.manager.getCondition('Active')?.status,
    });
    if (active.status === 'True') lifecycle.markActive();
    else if (active.status === 'False') lifecycle.markInactive(active.reason ?? '', active.message ?? '');
    else lifecycle.markActivating(active.reason ?? '', active.message ?? '');
  }

  private progressDeadlineRemaining(revision: Revision): number {
    const created = Date.parse(revision.metadata.creationTimestamp ?? '');
    if (Number.isNaN(created)) return this.deps.progressDeadlineMs ?? DEFAULT_PROGRESS_DEADLINE_MS;
    return created + (this.deps.progressDeadlineMs ?? DEFAULT_PROGRESS_DEADLINE_MS) - this.deps.clock().getTime();
  }
}
