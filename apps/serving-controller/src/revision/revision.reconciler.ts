// Revision → a workload in the runtime, and the Revision's conditions from the workload's state
// (knative/serving pkg/reconciler/revision/{revision,reconcile_resources}.go, revision_lifecycle.go).
import { revisionLifecycle } from '@knts/api';
import type { Revision } from '../serving-objects';
import type { WorkloadRuntime, WorkloadState } from '@knts/runtime';
import type { ReconcileResult } from '@knts/store';
import { splitKey } from '../object-key';
import type { ReconcilerDeps } from '../reconciler-deps';
import { statusCopy, type RevisionStatus } from '../serving-status';
import { REVISIONS } from '../serving-types';
import { updateStatusIfChanged } from '../status-update';
import { desiredReplicas } from './replicas';
import { makeWorkload } from './resources/workload';

type Lifecycle = ReturnType<typeof revisionLifecycle>;

export interface RevisionReconcilerDeps extends ReconcilerDeps {
  runtime: WorkloadRuntime;
  /** config-deployment progress-deadline (upstream default 600s): how long a first replica may take. */
  progressDeadlineMs?: number;
}

const DEFAULT_PROGRESS_DEADLINE_MS = 600_000;

export class RevisionReconciler {
  constructor(private readonly deps: RevisionReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const revision = this.deps.lister.get<Revision>(REVISIONS, namespace, name);
    if (!revision || revision.metadata.deletionTimestamp) {
      // Gone: stop its replicas. The store's cascade removes the Pods that name it as owner.
      if (this.deps.runtime.state(namespace, name)) await this.deps.runtime.delete(namespace, name);
      return;
    }
    const state = await this.deps.runtime.apply(makeWorkload(revision), desiredReplicas(revision));
    const status = statusCopy<RevisionStatus>(revision);
    const lifecycle = revisionLifecycle(status, this.deps.clock);
    lifecycle.initialize();
    const result = this.propagateState(revision, state, lifecycle);

    status.actualReplicas = state.readyReplicas;
    status.desiredReplicas = state.desiredReplicas;
    // Images are not resolved to digests in standalone; a digest-pinned image is its own digest.
    status.containerStatuses = (revision.spec.containers ?? []).map((c) => ({
      name: c.name ?? '',
      imageDigest: c.image?.includes('@sha256:') ? c.image : '',
    }));
    delete status.logUrl;
    status.observedGeneration = revision.metadata.generation;
    await updateStatusIfChanged(this.deps.store, revision, status);
    return result;
  }

  private propagateState(revision: Revision, state: WorkloadState, lifecycle: Lifecycle): ReconcileResult {
    const wasAvailable = lifecycle.manager.getCondition('ResourcesAvailable')?.status === 'True';
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
    } else if (!wasAvailable) {
      const remaining = this.progressDeadlineRemaining(revision);
      if (remaining <= 0) {
        lifecycle.markResourcesUnavailable('ProgressDeadlineExceeded', 'Initial scale was never achieved');
      } else {
        lifecycle.markResourcesAvailableUnknown('Deploying', '');
        lifecycle.markContainerHealthyUnknown('Deploying', '');
        this.markActivity(state, lifecycle);
        return { requeueAfter: remaining };
      }
    }
    this.markActivity(state, lifecycle);
    return undefined;
  }

  /** Active is informational: a Revision scaled to zero stays Ready. */
  private markActivity(state: WorkloadState, lifecycle: Lifecycle): void {
    if (state.readyReplicas > 0) lifecycle.markActive();
    else if (state.desiredReplicas === 0) lifecycle.markInactive('NoTraffic', 'The target is not receiving traffic.');
    else lifecycle.markActivating('Deploying', '');
  }

  private progressDeadlineRemaining(revision: Revision): number {
    const created = Date.parse(revision.metadata.creationTimestamp ?? '');
    if (Number.isNaN(created)) return this.deps.progressDeadlineMs ?? DEFAULT_PROGRESS_DEADLINE_MS;
    return created + (this.deps.progressDeadlineMs ?? DEFAULT_PROGRESS_DEADLINE_MS) - this.deps.clock().getTime();
  }
}
