// The resource types the serving controller reads and writes, looked up once in the api registry.
import { findResourceType, type ResourceType } from '@knts/api';

function typeOf(apiVersion: string, kind: string): ResourceType {
  const type = findResourceType(apiVersion, kind);
  if (!type) throw new Error(`no resource type ${kind} in ${apiVersion}`);
  return type;
}

export const SERVICES = typeOf('serving.knative.dev/v1', 'Service');
export const CONFIGURATIONS = typeOf('serving.knative.dev/v1', 'Configuration');
export const REVISIONS = typeOf('serving.knative.dev/v1', 'Revision');
export const ROUTES = typeOf('serving.knative.dev/v1', 'Route');
export const CONFIG_MAPS = typeOf('v1', 'ConfigMap');
