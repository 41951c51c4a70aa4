// Workqueue keys are `namespace/name` (client-go MetaNamespaceKeyFunc); every serving kind is namespaced.

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
