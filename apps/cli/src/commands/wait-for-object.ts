// Waits, through the store's watch, until one object satisfies a predicate (or is gone).
// The list gives the starting state and the revision to resume from, so no change slips between.
import type { KubeObject, ResourceType } from '@knts/api';
import type { ResourceStore } from '@knts/store';

export type WaitOutcome = 'met' | 'timeout' | 'aborted';

export async function waitForObject(
  store: ResourceStore,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  satisfied: (object: KubeObject | undefined) => boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WaitOutcome> {
  const list = await store.list(type, { namespace });
  const current = list.items.find(
    (o) => o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (satisfied(current)) return 'met';
  if (signal.aborted) return 'aborted';

  return new Promise<WaitOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: WaitOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      void watch.stop().finally(() => resolve(outcome));
    };
    const onAbort = (): void => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), Math.max(0, timeoutMs));
    signal.addEventListener('abort', onAbort, { once: true });
    const watch = store.watch(type, { namespace, resourceVersion: list.resourceVersion }, (event) => {
      if (event.object.metadata.name !== name) return;
      if (satisfied(event.type === 'DELETED' ? undefined : event.object)) finish('met');
    });
  });
}
