// The api's zod-inferred types made assignable to KubeObject (their metadata allows a null
// creationTimestamp, which the store never returns), so reconcilers can pass them to the store.
import type {
  ConfigMap as ApiConfigMap,
  Configuration as ApiConfiguration,
  KubeObject,
  Revision as ApiRevision,
  Route as ApiRoute,
  Service as ApiService,
} from '@knts/api';

export type Service = ApiService & KubeObject;
export type Configuration = ApiConfiguration & KubeObject;
export type Revision = ApiRevision & KubeObject;
export type Route = ApiRoute & KubeObject;
export type ConfigMap = ApiConfigMap & KubeObject;
