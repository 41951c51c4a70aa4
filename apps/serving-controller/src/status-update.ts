// Writes status only when it changed, as Knative's generated reconcilers do (an unchanged status
// would otherwise wake every watcher). The lister copy's resourceVersion makes it a compare-and-set:
// a stale read fails with ConflictError and the key is retried.
import type { KubeObject, Status } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import { jsonEqual } from './json-equal';

export async function updateStatusIfChanged<T extends KubeObject>(store: ResourceStore, original: T, status: Status): Promise<void> {
  if (jsonEqual(original.status ?? {}, status)) return;
  await store.updateStatus<T>({ ...original, status });
}
