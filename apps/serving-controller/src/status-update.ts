// Writes status only when it changed, as Knative's generated reconcilers do (an unchanged status
// would otherwise wake every watcher). The first write uses the lister copy's resourceVersion, a
// compare-and-set; on a conflict the object is read fresh from the store and the same status is
// written onto it, up to five attempts (reconciler.RetryUpdateConflicts, client-go's
// retry.DefaultRetry: 10 ms steps). A cache that lags, or misses an event, therefore never keeps a
// status from being written, and the key is not pushed into ever longer backoff.
import type { KubeObject, ResourceType, Status } from '@knts/api';
import { ConflictError, NotFoundError, type ResourceStore } from '@knts/store';
import { jsonEqual } from './json-equal';

/** client-go retry.DefaultRetry: 5 steps of 10 ms. */
export const STATUS_UPDATE_ATTEMPTS = 5;
const STATUS_RETRY_MS = 10;

export async function updateStatusIfChanged<T extends KubeObject>(
  store: ResourceStore,
  type: ResourceType,
  original: T,
  status: Status,
): Promise<void> {
  let existing: T | undefined = original;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      await new Promise((resolve) => setTimeout(resolve, STATUS_RETRY_MS));
      existing = await store.get<T>(type, original.metadata.namespace ?? '', original.metadata.name ?? '');
      // Deleted meanwhile: there is nothing left to write status on.
      if (!existing) return;
    }
    if (jsonEqual(existing.status ?? {}, status)) return;
    try {
      await store.updateStatus<T>({ ...existing, status });
      return;
    } catch (err) {
      // Deleted since it was read: there is nothing left to write status on.
      if (err instanceof NotFoundError) return;
      if (!(err instanceof ConflictError) || attempt + 1 >= STATUS_UPDATE_ATTEMPTS) throw err;
    }
  }
}
