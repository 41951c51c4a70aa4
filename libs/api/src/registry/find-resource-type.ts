// Lookup by apiVersion + kind, as the API server's REST mapper does for a manifest.
import type { ResourceType } from '../resource-type';
import { RESOURCE_TYPES } from './resource-types';

/** Splits `group/version` (core: `v1`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function findResourceType(apiVersion: string, kind: string): ResourceType | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  return RESOURCE_TYPES.find((t) => t.kind === kind && (t.group === group || (t.aliasGroups ?? []).includes(group)) && t.versions.includes(version));
}
