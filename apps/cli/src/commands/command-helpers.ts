// Small pieces several commands share: which namespace a request targets, kubectl's
// "No resources found" wording, and waiting for Ctrl-C.
import type { ResourceType } from '@knts/api';
import type { GlobalOptions } from '../cli-context';

/** undefined means every namespace (for -A, and always for cluster-scoped kinds). */
export function namespaceFor(options: GlobalOptions, type: ResourceType): string | undefined {
  if (!type.namespaced || options.allNamespaces) return undefined;
  return options.namespace;
}

export function noResourcesMessage(options: GlobalOptions): string {
  return options.allNamespaces ? 'No resources found' : `No resources found in ${options.namespace} namespace.`;
}

export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
