// Configuration → one immutable Revision per template change, and latestCreated/latestReady tracking
// (knative/serving pkg/reconciler/configuration/configuration.go, configuration_lifecycle.go).
import { checkByoRevisionName, configurationLifecycle, ValidationError } from '@knts/api';
import type { Configuration, Revision } from '../serving-objects';
import { AlreadyExistsError, type ReconcileResult } from '@knts/store';
import { splitKey } from '../object-key';
import { isControlledBy } from '../owner-references';
import { isReady, readCondition } from '../read-condition';
import type { ReconcilerDeps } from '../reconciler-deps';
import { ServingLabels } from '../serving-keys';
import { statusCopy, type ConfigurationStatus } from '../serving-status';
import { CONFIGURATIONS, REVISIONS } from '../serving-types';
import { updateStatusIfChanged } from '../status-update';
import { revisionName } from './names';
import { makeRevision } from './resources/revision';

type Lifecycle = ReturnType<typeof configurationLifecycle>;

export class ConfigurationReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const config = this.deps.lister.get<Configuration>(CONFIGURATIONS, namespace, name);
    if (!config || config.metadata.deletionTimestamp) return;
    const status = statusCopy<ConfigurationStatus>(config);
    const lifecycle = configurationLifecycle(status, this.deps.clock);
    lifecycle.initialize();
    let failure: unknown;
    try {
      await this.reconcileKind(config, status, lifecycle);
    } catch (err) {
      failure = err;
    }
    status.observedGeneration = config.metadata.generation;
    await updateStatusIfChanged(this.deps.store, CONFIGURATIONS, config, status);
    if (failure) throw failure;
  }

  private async reconcileKind(config: Configuration, status: ConfigurationStatus, lifecycle: Lifecycle): Promise<void> {
    const found = await this.latestCreatedRevision(config);
    if ('problem' in found) {
      // Another owner or another template already holds the name: nothing to retry until the user changes it.
      lifecycle.markRevisionCreationFailed(found.problem);
      return;
    }
    const latest = found.revision;
    const name = latest.metadata.name ?? '';

    // configuration_lifecycle.go SetLatestCreatedRevisionName.
    status.latestCreatedRevisionName = name;
    if (status.latestReadyRevisionName !== name) lifecycle.markNotReady('', '');

    const ready = readCondition(latest.status, 'Ready');
    if (ready?.status === 'False') lifecycle.markLatestCreatedFailed(name, ready.message ?? '');

    this.findAndSetLatestReadyRevision(config, status, lifecycle);
  }

  /** The Revision for the current generation: found by labels, by name, or created now. */
  private async latestCreatedRevision(config: Configuration): Promise<{ revision: Revision } | { problem: string }> {
    const namespace = config.metadata.namespace ?? '';
    const generation = String(config.metadata.generation ?? 0);
    const byLabels = this.deps.lister.list<Revision>(
      REVISIONS,
      namespace,
      `${ServingLabels.configuration}=${config.metadata.name},${ServingLabels.configurationGeneration}=${generation}`,
    );
    const own = byLabels.find((r) => isControlledBy(r, config));
    if (own) return { revision: own };

    const name = revisionName(config);
    let existing = this.deps.lister.get<Revision>(REVISIONS, namespace, name);
    if (!existing) {
      try {
        return { revision: await this.deps.store.create<Revision>(makeRevision(config, this.deps.clock())) };
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw new Error(`failed to create Revision: ${errorMessage(err)}`, { cause: err });
        // Our cache lags the store: read what holds the name now.
        existing = await this.deps.store.get<Revision>(REVISIONS, namespace, name);
        if (!existing) throw err;
      }
    }
    return this.checkExisting(config, existing);
  }

  /**
   * A Revision already holds the name. Ours from an earlier generation with the same spec (only the
   * template's metadata changed) is reused; another template under the same BYO name is refused.
   */
  private checkExisting(config: Configuration, existing: Revision): { revision: Revision } | { problem: string } {
    const name = existing.metadata.name ?? '';
    const alreadyExists = `revisions.serving.knative.dev "${name}" already exists`;
    if (!isControlledBy(existing, config)) return { problem: alreadyExists };
    if (existing.metadata.labels?.[ServingLabels.configurationGeneration] === String(config.metadata.generation)) return { revision: existing };
    const issues = checkByoRevisionName(config.spec.template, existing.spec);
    if (issues.length > 0) return { problem: ValidationError.format(issues) };
    return { revision: existing };
  }

  /** configuration.go findAndSetLatestReadyRevision: the newest ready Revision, never going backwards. */
  private findAndSetLatestReadyRevision(config: Configuration, status: ConfigurationStatus, lifecycle: Lifecycle): void {
    const namespace = config.metadata.namespace ?? '';
    const revisions = this.deps.lister
      .list<Revision>(REVISIONS, namespace, `${ServingLabels.configuration}=${config.metadata.name}`)
      .filter((r) => isControlledBy(r, config));
    const generationOf = (r: Revision) => Number(r.metadata.labels?.[ServingLabels.configurationGeneration] ?? 0);
    const current = status.latestReadyRevisionName ? revisions.find((r) => r.metadata.name === status.latestReadyRevisionName) : undefined;
    const floor = current ? generationOf(current) : 0;
    const newestReady = revisions
      .filter((r) => generationOf(r) >= floor && isReady(r))
      .sort((a, b) => generationOf(b) - generationOf(a))[0];
    if (!newestReady) return;
    // configuration_lifecycle.go SetLatestReadyRevisionName.
    status.latestReadyRevisionName = newestReady.metadata.name;
    if (status.latestReadyRevisionName === status.latestCreatedRevisionName) lifecycle.markReady();
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
