// How kubectl names a type and an object in its messages.
import { qualifiedName, type ResourceType } from '@knts/api';

/** `service.serving.knative.dev`, or `configmap` for the core group (kubectl's lower-cased kind). */
export function kindGroup(type: ResourceType): string {
  const kind = type.kind.toLowerCase();
  return type.group === '' ? kind : `${kind}.${type.group}`;
}

/** `service.serving.knative.dev/helloworld`: what `apply`, `-o name` and multi-kind `get` print. */
export function objectRef(type: ResourceType, name: string): string {
  return `${kindGroup(type)}/${name}`;
}

/** `services.serving.knative.dev "helloworld"`: how kubectl names an object in server errors. */
export function quotedResource(type: ResourceType, name: string): string {
  return `${qualifiedName(type)} "${name}"`;
}
