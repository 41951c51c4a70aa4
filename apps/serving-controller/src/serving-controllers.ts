// Wiring of the serving reconcilers: one Controller (workqueue + workers) per reconciler, fed by
// the shared informers, with the cross-kind enqueues Knative's controller.go files set up.
import type { Clock, KubeObject, ResourceType } from '@knts/api';
import type { WorkloadRuntime } from '@knts/runtime';
import type { ScaleDecisions } from './autoscaling/scale-decisions';
import { CONFIG_AUTOSCALER } from './autoscaling/scale-config';
import { Controller, type ControllerLogger, type Informer, type ReconcileResult, type ResourceStore } from '@knts/store';
import { ConfigurationReconciler } from './configuration/configuration.reconciler';
import { GcReconciler } from './gc/gc.reconciler';
import { InformerLister } from './informer-lister.adapter';
import { controllerOf } from './owner-references';
import { RevisionReconciler } from './revision/revision.reconciler';
import { routesOf } from './route/resources/routing-meta';
import { RouteReconciler } from './route/route.reconciler';
import { targetConfigurationName } from './route/traffic/resolve-traffic';
import { ServiceReconciler } from './service/service.reconciler';
import { ServingLabels, SYSTEM_NAMESPACE } from './serving-keys';
import type { Route } from './serving-objects';
import type { RouteStatus } from './serving-status';
import { CONFIG_MAPS, CONFIGURATIONS, REVISIONS, ROUTES, SERVICES } from './serving-types';

export interface ServingControllersOptions {
  /** Running (or startable) informers for Service, Configuration, Revision, Route and ConfigMap. */
  informers: ReadonlyMap<ResourceType, Informer>;
  store: ResourceStore;
  runtime: WorkloadRuntime;
  /** The autoscaler's decisions (started by the caller); without them Revisions keep their initial scale. */
  decisions?: ScaleDecisions;
  clock?: Clock;
  logger?: ControllerLogger;
}

export interface ServingControllers {
  controllers: Controller[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createServingControllers(options: ServingControllersOptions): ServingControllers {
  const { informers, store, runtime, decisions, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const informer = (type: ResourceType): Informer => {
    const found = informers.get(type);
    if (!found) throw new Error(`serving controllers need an informer for ${type.plural}`);
    return found;
  };
  const services = informer(SERVICES);
  const configurations = informer(CONFIGURATIONS);
  const revisions = informer(REVISIONS);
  const routes = informer(ROUTES);
  const configMaps = informer(CONFIG_MAPS);
  const deps = { store, lister: new InformerLister(informers), clock };

  const make = (name: string, own: Informer, reconcile: (key: string) => Promise<ReconcileResult>, others: Informer[]) =>
    new Controller({ name, logger, informers: [own, ...others.map((i) => ({ informer: i, enqueue: false }))], reconcile });

  const service = new ServiceReconciler(deps);
  const configuration = new ConfigurationReconciler(deps);
  const revision = new RevisionReconciler({ ...deps, runtime, decisions });
  const route = new RouteReconciler(deps);
  const gc = new GcReconciler(deps);
  const serviceController = make('service', services, (k) => service.reconcile(k), [configurations, routes]);
  const configurationController = make('configuration', configurations, (k) => configuration.reconcile(k), [revisions]);
  const revisionController = make('revision', revisions, (k) => revision.reconcile(k), []);
  const routeController = make('route', routes, (k) => route.reconcile(k), [revisions, configurations, configMaps]);
  const gcController = make('gc', configurations, (k) => gc.reconcile(k), [revisions, configMaps]);
  const controllers = [serviceController, configurationController, revisionController, routeController, gcController];

  /** Routes in the namespace that send (or sent) traffic to the object, by name, Configuration or annotation. */
  const routesReferencing = (object: KubeObject, kind: 'Revision' | 'Configuration'): string[] => {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const configName = kind === 'Configuration' ? name : object.metadata.labels?.[ServingLabels.configuration];
    const listed = routesOf(object.metadata);
    return (routes.list(namespace) as Route[])
      .filter((r) => {
        if (listed.has(r.metadata.name ?? '')) return true;
        const targets = [...(r.spec.traffic ?? []), ...((r.status as RouteStatus | undefined)?.traffic ?? [])];
        return targets.some((t) => (kind === 'Revision' && t.revisionName === name) || (configName !== undefined && targetConfigurationName(r, t) === configName));
      })
      .map((r) => `${namespace}/${r.metadata.name}`);
  };

  const removers: Array<() => void> = [];
  const on = (source: Informer, handle: (object: KubeObject) => void) => {
    removers.push(source.addEventHandler({ onAdd: handle, onUpdate: (_old, o) => handle(o), onDelete: handle }));
  };
  // Configuration and Route changes → the owning Service.
  on(configurations, (o) => serviceController.enqueueControllerOf(o, 'Service'));
  on(routes, (o) => serviceController.enqueueControllerOf(o, 'Service'));
  // Revision changes → their Configuration (latest created/ready), GC of it, and Routes that use them.
  on(revisions, (o) => {
    configurationController.enqueueControllerOf(o, 'Configuration');
    gcController.enqueueControllerOf(o, 'Configuration');
    for (const key of routesReferencing(o, 'Revision')) routeController.enqueueKey(key);
  });
  // Configuration changes → Routes that follow it.
  on(configurations, (o) => {
    for (const key of routesReferencing(o, 'Configuration')) routeController.enqueueKey(key);
    // A Route owned by the same Service follows it through latestRevision even before the labeler ran.
    const owner = controllerOf(o);
    if (owner?.kind === 'Service') routeController.enqueueKey(`${o.metadata.namespace}/${owner.name}`);
  });
  // config-domain / config-network change every URL; config-gc changes what GC keeps.
  on(configMaps, (o) => {
    if (o.metadata.namespace !== SYSTEM_NAMESPACE) return;
    const name = o.metadata.name;
    if (name === 'config-domain' || name === 'config-network') for (const key of routes.keys()) routeController.enqueueKey(key);
    if (name === 'config-gc') for (const key of configurations.keys()) gcController.enqueueKey(key);
    // config-autoscaler sets the default class and the initial scale of undecided Revisions.
    if (name === CONFIG_AUTOSCALER) for (const key of revisions.keys()) revisionController.enqueueKey(key);
  });
  // A decision that changes a Revision's replica count → apply it; off zero, at once (wake).
  if (decisions)
    removers.push(
      decisions.onChange((namespace, name) => {
        revision
          .wake(namespace, name)
          .catch((err: unknown) => logger?.warn({ err, revision: `${namespace}/${name}` }, 'could not wake a revision; its reconcile applies the count'));
        revisionController.enqueueKey(`${namespace}/${name}`);
      }),
    );
  // The runtime's state changes (replica ready, crash) → the Revision's conditions.
  removers.push(runtime.onChange((namespace, name) => revisionController.enqueueKey(`${namespace}/${name}`)));

  return {
    controllers,
    start: async () => {
      await Promise.all(controllers.map((c) => c.start()));
    },
    stop: async () => {
      removers.splice(0).forEach((remove) => remove());
      await Promise.all(controllers.map((c) => c.stop()));
    },
  };
}
