// What the store, the CLI and the controllers need to know about each kind (the REST mapping).

export interface ResourceType {
  /** API group, '' for the core group. */
  group: string;
  /** The version objects are stored and served in (e.g. 'v1'). */
  storageVersion: string;
  /** Every version accepted on input; older ones are converted to storageVersion on admission. */
  versions: string[];
  kind: string;
  /** Lower-case plural used in `knts get` and bucket names, e.g. 'services'. */
  plural: string;
  /** Lower-case singular, e.g. 'service'. */
  singular: string;
  /** kubectl short names, e.g. ['ksvc'] for Knative services. */
  shortNames: string[];
  namespaced: boolean;
  /** Columns `knts get` prints after NAME, as a CRD's additionalPrinterColumns (kubectl JSONPath). */
  printerColumns?: PrinterColumn[];
  /** Extra groups that also map to this kind (e.g. sources.eventing.knative.dev for CronJobSource). */
  aliasGroups?: string[];
}

export interface PrinterColumn {
  name: string;
  /** kubectl JSONPath, e.g. `.status.conditions[?(@.type=="Ready")].status`. */
  jsonPath: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** 0 is shown by default; >0 only with `-o wide`. */
  priority?: number;
  /**
   * `ready-count`: the matches are the containers' `ready` flags, shown as kubectl shows a Pod's
   * READY (`1/1`: ready containers / the Pod's containers).
   */
  format?: 'ready-count';
}

/** `group/version` or `version` for the core group. */
export function apiVersionOf(type: ResourceType, version = type.storageVersion): string {
  return type.group === '' ? version : `${type.group}/${version}`;
}

/** 'services.serving.knative.dev' as kubectl prints it; the core group has no suffix. */
export function qualifiedName(type: ResourceType, form: 'plural' | 'singular' = 'plural'): string {
  const name = form === 'plural' ? type.plural : type.singular;
  return type.group === '' ? name : `${name}.${type.group}`;
}
