// The one-line results kubectl prints for writes, and its error lines.
import type { ResourceType } from '@knts/api';
import type { ApplyResult } from '@knts/store';
import { kindGroup, objectRef, quotedResource } from './resource-names';

export type DryRun = 'none' | 'client' | 'server';

function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
}

/** `service.serving.knative.dev/helloworld created (dry run)` */
export function applyLine(type: ResourceType, name: string, result: ApplyResult, dryRun: DryRun): string {
  return `${objectRef(type, name)} ${result}${dryRunSuffix(dryRun)}`;
}

/** `service.serving.knative.dev "helloworld" deleted` */
export function deleteLine(type: ResourceType, name: string, dryRun: DryRun): string {
  return `${kindGroup(type)} "${name}" deleted${dryRunSuffix(dryRun)}`;
}

/** `Error from server (NotFound): services.serving.knative.dev "x" not found` */
export function notFoundLine(type: ResourceType, name: string): string {
  return `Error from server (NotFound): ${quotedResource(type, name)} not found`;
}
