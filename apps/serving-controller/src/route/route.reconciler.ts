// Route → resolved traffic, URLs and conditions, and the routing labels on the Revisions it serves
// (knative/serving pkg/reconciler/route/route.go, route_lifecycle.go, pkg/reconciler/labeler).
import { routeLifecycle, type KubeObject, type ResourceType, type TrafficTarget } from '@knts/api';
import type { ConfigMap, Configuration, Revision, Route } from '../serving-objects';
import type { ReconcileResult } from '@knts/store';
import { routingStateTime } from '../configuration/resources/revision';
import { splitKey } from '../object-key';
import { controllerOf } from '../owner-references';
import { isFailed, isReady } from '../read-condition';
import type { ReconcilerDeps } from '../reconciler-deps';
import { SYSTEM_NAMESPACE } from '../serving-keys';
import { statusCopy, type ConfigurationStatus, type RouteStatus } from '../serving-status';
import { CONFIG_MAPS, CONFIGURATIONS, REVISIONS, ROUTES, SERVICES } from '../serving-types';
import { updateStatusIfChanged } from '../status-update';
import { routeAddressHost, routeHost, tagHost } from './names';
import { parseNetworkConfig, type NetworkConfig } from './network-config';
import { routesOf, routingMeta } from './resources/routing-meta';
import { resolveTraffic, targetConfigurationName, type TargetError } from './traffic/resolve-traffic';

type Lifecycle = ReturnType<typeof routeLifecycle>;

/** route_lifecycle.go AutoTLSNotEnabledMessage: knts serves plain HTTP. */
export const TLS_NOT_ENABLED_MESSAGE = 'autoTLS is not enabled';

export class RouteReconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { namespace, name } = splitKey(key);
    const route = this.deps.lister.get<Route>(ROUTES, namespace, name);
    if (!route || route.metadata.deletionTimestamp) {
      // A Route its Service has not created yet is not a deleted one: the Service lists it in its
      // Configuration's routes annotation ahead of creating it (with a BYO revision name, only once
      // the Configuration has stamped out the Revision), and clearing that would undo the
      // Service's write, which would put it back: a loop of Configuration writes that kept its
      // status write conflicting.
      if (!route && this.ownedByLiveService(namespace, name)) return;
      // Deleted: nothing routes through it any more (the labeler's finalizer does this upstream).
      await this.clearRoutingMeta(namespace, name, new Set(), new Set());
      return;
    }
    const status = statusCopy<RouteStatus>(route);
    const lifecycle = routeLifecycle(status, this.deps.clock);
    lifecycle.initialize();
    this.configureTraffic(route, status, lifecycle, this.networkConfig());
    status.observedGeneration = route.metadata.generation;
    await updateStatusIfChanged(this.deps.store, ROUTES, route, status);
    await this.syncRoutingMeta(route, status);
  }

  /** A Service of the Route's name exists and is not being deleted: it will (re)create the Route. */
  private ownedByLiveService(namespace: string, name: string): boolean {
    const service = this.deps.lister.get<KubeObject>(SERVICES, namespace, name);
    return service !== undefined && !service.metadata.deletionTimestamp;
  }

  private networkConfig(): NetworkConfig {
    return parseNetworkConfig(
      this.deps.lister.get<ConfigMap>(CONFIG_MAPS, SYSTEM_NAMESPACE, 'config-domain'),
      this.deps.lister.get<ConfigMap>(CONFIG_MAPS, SYSTEM_NAMESPACE, 'config-network'),
    );
  }

  /** route.go configureTraffic: status.traffic, URLs and conditions only once every target is routable. */
  private configureTraffic(route: Route, status: RouteStatus, lifecycle: Lifecycle, config: NetworkConfig): void {
    const resolution = resolveTraffic(route, this.deps.lister);
    if (resolution.error) {
      markBadTarget(lifecycle, resolution.error);
      return;
    }
    status.traffic = resolution.targets.map(({ configurationName: _config, ...target }): TrafficTarget => {
      const entry: TrafficTarget = { ...target };
      if (target.tag) entry.url = `http://${tagHost(route, target.tag, config)}`;
      return entry;
    });
    lifecycle.markTrafficAssigned();
    status.url = `http://${routeHost(route, config)}`;
    status.address = { url: `http://${routeAddressHost(route)}` };
    // Standalone has no Ingress object: the activator routes from this Route's status directly, so
    // the ingress is as ready as the traffic assignment it reads.
    lifecycle.markIngressReady();
    lifecycle.markTLSNotEnabled(TLS_NOT_ENABLED_MESSAGE);
  }

  /** labeler metasync.go syncRoutingMeta: mark what this Route sends (or is about to send) traffic to. */
  private async syncRoutingMeta(route: Route, status: RouteStatus): Promise<void> {
    const namespace = route.metadata.namespace ?? '';
    const revisions = new Set<string>();
    const configs = new Set<string>();
    for (const target of [...(status.traffic ?? []), ...(route.spec.traffic ?? [])]) {
      let configName = targetConfigurationName(route, target);
      if (target.revisionName) {
        const revision = this.deps.lister.get<Revision>(REVISIONS, namespace, target.revisionName);
        if (!revision) continue;
        revisions.add(target.revisionName);
        const owner = controllerOf(revision);
        if (owner?.kind === 'Configuration') configName = owner.name;
      }
      if (!configName) continue;
      const config = this.deps.lister.get<Configuration>(CONFIGURATIONS, namespace, configName);
      if (!config) continue;
      configs.add(configName);
      // The latest created Revision counts as routed already, so it is never collected while it
      // is on its way to taking the traffic.
      const latestCreated = (config.status as ConfigurationStatus | undefined)?.latestCreatedRevisionName;
      if (latestCreated && target.latestRevision) revisions.add(latestCreated);
    }
    // Old targets are released only once the Route settled, so traffic never lands on a "reserve" Revision.
    if (isReady({ status }) || isFailed({ status })) {
      await this.clearRoutingMeta(namespace, route.metadata.name ?? '', revisions, configs);
    }
    for (const name of revisions) await this.setRoutingMeta(REVISIONS, 'Revision', namespace, name, route.metadata.name ?? '', false);
    for (const name of configs) await this.setRoutingMeta(CONFIGURATIONS, 'Configuration', namespace, name, route.metadata.name ?? '', false);
  }

  private async clearRoutingMeta(namespace: string, route: string, keepRevisions: Set<string>, keepConfigs: Set<string>): Promise<void> {
    for (const revision of this.deps.lister.list<Revision>(REVISIONS, namespace)) {
      const name = revision.metadata.name ?? '';
      if (routesOf(revision.metadata).has(route) && !keepRevisions.has(name)) await this.setRoutingMeta(REVISIONS, 'Revision', namespace, name, route, true);
    }
    for (const config of this.deps.lister.list<Configuration>(CONFIGURATIONS, namespace)) {
      const name = config.metadata.name ?? '';
      if (routesOf(config.metadata).has(route) && !keepConfigs.has(name)) await this.setRoutingMeta(CONFIGURATIONS, 'Configuration', namespace, name, route, true);
    }
  }

  private async setRoutingMeta(
    type: ResourceType,
    kind: 'Revision' | 'Configuration',
    namespace: string,
    name: string,
    route: string,
    remove: boolean,
  ): Promise<void> {
    const object = this.deps.lister.get<KubeObject>(type, namespace, name);
    if (!object) return;
    const meta = routingMeta(object.metadata, kind, route, remove, routingStateTime(this.deps.clock()));
    if (!meta) return;
    await this.deps.store.update({ ...object, metadata: { ...object.metadata, ...meta } });
  }
}

/** traffic/errors.go MarkBadTrafficTarget. */
function markBadTarget(lifecycle: Lifecycle, error: TargetError): void {
  switch (error.kind) {
    case 'missing':
      return lifecycle.markMissingTrafficTarget(error.type, error.name);
    case 'unreadyRevision':
      return error.failed ? lifecycle.markRevisionFailed(error.name) : lifecycle.markRevisionNotReady(error.name);
    case 'unreadyConfiguration':
      return error.failed ? lifecycle.markConfigurationFailed(error.name) : lifecycle.markConfigurationNotReady(error.name);
  }
}
