// Kubernetes object metadata shared by every kind (k8s.io/apimachinery ObjectMeta, TypeMeta).

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** knative.dev/pkg apis.Condition */
export interface Condition {
  type: string;
  status: ConditionStatus;
  severity?: 'Error' | 'Warning' | 'Info' | '';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** knative.dev/pkg duckv1.Status */
export interface Status {
  observedGeneration?: number;
  conditions?: Condition[];
  annotations?: Record<string, string>;
}
