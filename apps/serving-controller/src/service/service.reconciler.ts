// Service → one Configuration and one Route of the same name, and a status that mirrors both
// (knative/serving pkg/reconciler/service/service.go, service_lifecycle.go).
import { serviceLifecycle, type ResourceType, type TrafficTarget } from '@knts/api';
import type { Configuration, Revision, Route, Service } from '../serving-objects';
import { AlreadyExistsError, type ReconcileResult } from '@knts/store';
import { jsonEqual, sameMap } from '../json-equal';
import { splitKey } from '../object-key';
import { isControlledBy } from '../owner-references';
import { readCondition } from '../read-condition';
import type { ReconcilerDeps } from '../reconciler-deps';
import { ServingLabels } from '../serving-keys';
import { statusCopy, type ConfigurationStatus, type RouteStatus, type ServiceStatus } from '../serving-status';
import { CONFIGURATIONS, REVISIONS, ROUTES, SERVICES } from '../serving-types';
import { updateStatusIfChanged } from '../status-update';
import { configurationName, routeName } from './names';
import { makeConfiguration } from './resources/configuration';
import { makeRoute } from './resources/route';

type Lifecycle = ReturnType<typeof serviceLifecycle>;

export class ServiceReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const service = this.deps.lister.get<Service>(SERVICES, namespace, name);
    if (!service || service.metadata.deletionTimestamp) return;
    const status = statusCopy<ServiceStatus>(service);
    const lifecycle = serviceLifecycle(status, this.deps.clock);
    lifecycle.initialize();
    let failure: unknown;
    try {
      await this.reconcileKind(service, status, lifecycle);
    } catch (err) {
      failure = err;
    }
    // Upstream bumps observedGeneration whether or not the reconcile succeeded (PostProcessReconcile).
    status.observedGeneration = service.metadata.generation;
    await updateStatusIfChanged(this.deps.store, SERVICES, service, status);
    if (failure) throw failure;
  }

  private async reconcileKind(service: Service, status: ServiceStatus, lifecycle: Lifecycle): Promise<void> {
    const config = await this.configuration(service, lifecycle);
    const configStatus = statusCopy<ConfigurationStatus>(config);
    const byoName = config.spec.template.metadata?.name;
    if (config.metadata.generation !== configStatus.observedGeneration) {
      lifecycle.markConfigurationNotReady('OutOfDate', 'The Configuration is still working to reflect the latest desired specification.');
      // A BYO revision name serialises Configuration and Route: the Route must not point at the
      // named Revision before the Configuration has stamped it out.
      if (byoName) return;
    } else {
      propagateConfigurationStatus(status, configStatus, lifecycle);
    }

    if (byoName && !this.revisionNameAvailable(config, byoName)) {
      lifecycle.markRouteFailed('RevisionNameTaken', `The revision name "${byoName}" is taken`);
      return;
    }

    const route = await this.route(service, lifecycle);
    const routeStatus = statusCopy<RouteStatus>(route);
    if (route.metadata.generation !== routeStatus.observedGeneration) {
      lifecycle.markRouteNotReady('OutOfDate', 'The Route is still working to reflect the latest desired specification.');
    } else {
      propagateRouteStatus(status, routeStatus, lifecycle);
    }
    checkRoutesNotReady(config, configStatus, route, routeStatus, status, lifecycle);
  }

  private async configuration(service: Service, lifecycle: Lifecycle): Promise<Configuration> {
    const name = configurationName(service);
    const existing = await this.getOrCreate<Configuration>(CONFIGURATIONS, service, name, () => makeConfiguration(service));
    if (!isControlledBy(existing, service)) {
      lifecycle.markConfigurationNotOwned(name);
      throw new Error(`service: "${service.metadata.name}" does not own configuration: "${name}"`);
    }
    const desired = makeConfiguration(service, existing);
    if (
      jsonEqual(desired.spec, existing.spec) &&
      sameMap(desired.metadata.labels, existing.metadata.labels) &&
      sameMap(desired.metadata.annotations, existing.metadata.annotations)
    )
      return existing;
    return this.deps.store.update<Configuration>({
      ...existing,
      metadata: { ...existing.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations },
      spec: desired.spec,
    });
  }

  private async route(service: Service, lifecycle: Lifecycle): Promise<Route> {
    const name = routeName(service);
    const existing = await this.getOrCreate<Route>(ROUTES, service, name, () => makeRoute(service));
    if (!isControlledBy(existing, service)) {
      lifecycle.markRouteNotOwned(name);
      throw new Error(`service: "${service.metadata.name}" does not own route: "${name}"`);
    }
    const desired = makeRoute(service);
    if (
      jsonEqual(desired.spec, existing.spec) &&
      sameMap(desired.metadata.labels, existing.metadata.labels) &&
      sameMap(desired.metadata.annotations, existing.metadata.annotations)
    )
      return existing;
    return this.deps.store.update<Route>({
      ...existing,
      metadata: { ...existing.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations },
      spec: desired.spec,
    });
  }

  /** The cache may lag our own create: AlreadyExists means it is there, so read it from the store. */
  private async getOrCreate<T extends Configuration | Route>(
    type: ResourceType,
    service: Service,
    name: string,
    make: () => T,
  ): Promise<T> {
    const namespace = service.metadata.namespace ?? '';
    const cached = this.deps.lister.get<T>(type, namespace, name);
    if (cached) return cached;
    try {
      return await this.deps.store.create<T>(make());
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      const stored = await this.deps.store.get<T>(type, namespace, name);
      if (!stored) throw err;
      return stored;
    }
  }

  /** service.go CheckNameAvailability: the named Revision must be this Configuration's, at its generation. */
  private revisionNameAvailable(config: Configuration, name: string): boolean {
    const revision = this.deps.lister.get<Revision>(REVISIONS, config.metadata.namespace ?? '', name);
    if (!revision) return true;
    if (!isControlledBy(revision, config)) return false;
    return revision.metadata.labels?.[ServingLabels.configurationGeneration] === String(config.metadata.generation);
  }
}

/** service_lifecycle.go PropagateConfigurationStatus. */
function propagateConfigurationStatus(status: ServiceStatus, from: ConfigurationStatus, lifecycle: Lifecycle): void {
  setOrDelete(status, 'latestCreatedRevisionName', from.latestCreatedRevisionName);
  setOrDelete(status, 'latestReadyRevisionName', from.latestReadyRevisionName);
  const ready = readCondition(from, 'Ready');
  if (!ready) return;
  if (ready.status === 'True') lifecycle.markConfigurationsReady();
  else if (ready.status === 'False') lifecycle.markConfigurationFailed(ready.reason ?? '', ready.message ?? '');
  else lifecycle.markConfigurationNotReady(ready.reason ?? '', ready.message ?? '');
}

/** service_lifecycle.go PropagateRouteStatus. */
function propagateRouteStatus(status: ServiceStatus, from: RouteStatus, lifecycle: Lifecycle): void {
  setOrDelete(status, 'url', from.url);
  setOrDelete(status, 'address', from.address);
  setOrDelete(status, 'traffic', from.traffic);
  const ready = readCondition(from, 'Ready');
  if (!ready) return;
  if (ready.status === 'True') lifecycle.markRoutesReady();
  else if (ready.status === 'False') lifecycle.markRouteFailed(ready.reason ?? '', ready.message ?? '');
  else lifecycle.markRouteNotReady(ready.reason ?? '', ready.message ?? '');
}

/**
 * service.go checkRoutesNotReady: a Ready Route whose status does not yet send traffic to the
 * Configuration's latest ready Revision is not what the Service asked for yet.
 */
function checkRoutesNotReady(
  config: Configuration,
  configStatus: ConfigurationStatus,
  route: Route,
  routeStatus: RouteStatus,
  status: ServiceStatus,
  lifecycle: Lifecycle,
): void {
  if (readCondition(status, 'RoutesReady')?.status !== 'True') return;
  const want = route.spec.traffic ?? [];
  const got = routeStatus.traffic ?? [];
  const notMigrated = () => lifecycle.markRouteNotReady('TrafficNotMigrated', 'Traffic is not yet migrated to the latest revision.');
  if (want.length !== got.length) return notMigrated();
  const comparable = ({ url: _url, latestRevision: _latest, ...rest }: TrafficTarget) => rest;
  const wanted = want.map((target) => {
    if (target.configurationName !== config.metadata.name) return comparable(target);
    const { configurationName: _config, ...rest } = comparable(target);
    return { ...rest, revisionName: configStatus.latestReadyRevisionName };
  });
  if (!jsonEqual(got.map(comparable), wanted)) notMigrated();
}

function setOrDelete<K extends keyof ServiceStatus>(status: ServiceStatus, key: K, value: ServiceStatus[K] | undefined): void {
  if (value === undefined) delete status[key];
  else status[key] = structuredClone(value);
}
