// Destination defaults, normalisation and validation (knative.dev/pkg apis/duck/v1/destination.go).
import type { FieldIssue } from '../field-error';
import type { Destination, KReference, LegacyDestination } from './destination.schema';

/** Older Serving versions in a ref are served as v1, so sinks resolve to the stored Service. */
const NORMALISED_API_VERSIONS: Readonly<Record<string, string>> = {
  'serving.knative.dev/v1alpha1': 'serving.knative.dev/v1',
  'serving.knative.dev/v1beta1': 'serving.knative.dev/v1',
  'eventing.knative.dev/v1beta1': 'eventing.knative.dev/v1',
  'eventing.knative.dev/v1alpha1': 'eventing.knative.dev/v1',
};

function normaliseRef(ref: KReference): KReference {
  const apiVersion = ref.apiVersion ? (NORMALISED_API_VERSIONS[ref.apiVersion] ?? ref.apiVersion) : undefined;
  return apiVersion ? { ...ref, apiVersion } : { ...ref };
}

/** Flat v1alpha1 sinks become `{ref: {...}}`; old Serving/Eventing versions in refs become v1. */
export function normaliseDestination(destination: LegacyDestination | Destination): Destination {
  const { apiVersion, kind, name, namespace, ref, ...rest } = destination as LegacyDestination;
  const flat = apiVersion !== undefined || kind !== undefined || name !== undefined || namespace !== undefined;
  const out: Destination = { ...(rest as Destination) };
  if (ref) out.ref = normaliseRef(ref);
  else if (flat) {
    const built: KReference = {};
    if (apiVersion !== undefined) built.apiVersion = apiVersion;
    if (kind !== undefined) built.kind = kind;
    if (name !== undefined) built.name = name;
    if (namespace !== undefined) built.namespace = namespace;
    out.ref = normaliseRef(built);
  }
  return out;
}

/** Destination.SetDefaults: a ref without a namespace points into the parent's namespace. */
export function setDestinationDefaults(destination: Destination | undefined, namespace: string | undefined): void {
  if (destination?.ref && !destination.ref.namespace && namespace) destination.ref.namespace = namespace;
}

function isAbsoluteUri(uri: string): { absolute: boolean; host: boolean } {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/([^/?#]*))?/.exec(uri);
  return { absolute: match !== null, host: !!match?.[3] };
}

export function validateKReference(ref: KReference, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of ['name', 'kind', 'apiVersion'] as const) if (!ref[field]) issues.push({ path: `${path}.${field}`, message: 'missing field(s)' });
  return issues;
}

/** `required`: a missing destination is an error (sinks, subscribers); otherwise absence is fine. */
export function validateDestination(destination: Destination | undefined, path: string, required = true): FieldIssue[] {
  if (!destination) return required ? [{ path, message: 'missing field(s)' }] : [];
  const { ref, uri } = destination;
  if (!ref && !uri) return [{ path, message: 'expected at least one, got none: ref, uri' }];
  if (ref && uri && isAbsoluteUri(uri).absolute) return [{ path, message: 'Absolute URI is not allowed when Ref or [apiVersion, kind, name] exists' }];
  if (!ref && uri) {
    const parsed = isAbsoluteUri(uri);
    if (!parsed.absolute || !parsed.host) return [{ path: `${path}.uri`, message: 'invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent' }];
  }
  return ref ? validateKReference(ref, `${path}.ref`) : [];
}

const EXTENSION_NAME = /^[a-z0-9]+$/;

/** CloudEventOverrides: extension names follow the CloudEvents attribute naming rule. */
export function validateCeOverrides(overrides: { extensions?: Record<string, string> } | undefined, path: string): FieldIssue[] {
  return Object.keys(overrides?.extensions ?? {})
    .filter((key) => !EXTENSION_NAME.test(key))
    .map((key) => ({ path: `${path}.extensions`, message: `invalid key name ${JSON.stringify(key)}: keys MUST be comprised of lower-case letters or digits` }));
}
