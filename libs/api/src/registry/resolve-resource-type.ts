// Resolves a CLI resource argument (`ksvc`, `services.serving.knative.dev`, `taskrun`) to a kind.
// `svc` is kubectl's core Service, which knts does not have, so it stays unresolved; `service(s)`
// means the Knative Service.
import type { ResourceType } from '../resource-type';
import { RESOURCE_TYPES } from './resource-types';

function names(type: ResourceType): string[] {
  return [type.plural, type.singular, type.kind.toLowerCase(), ...type.shortNames];
}

export function resolveResourceType(arg: string): ResourceType | undefined {
  const text = arg.trim().toLowerCase();
  if (text === '') return undefined;
  const direct = RESOURCE_TYPES.find((t) => names(t).includes(text));
  if (direct) return direct;
  // `plural.group`, `singular.group`, also `plural.version.group` as kubectl accepts.
  for (const type of RESOURCE_TYPES) {
    const groups = [type.group, ...(type.aliasGroups ?? [])].filter((g) => g !== '');
    for (const group of groups) {
      for (const name of [type.plural, type.singular]) {
        if (text === `${name}.${group}`) return type;
        if (type.versions.some((v) => text === `${name}.${v}.${group}`)) return type;
      }
    }
  }
  return undefined;
}
