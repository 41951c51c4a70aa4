// Route hosts and URLs (knative/serving pkg/reconciler/route/domains, resources/names).
import type { Route } from '../serving-objects';
import { ServingLabels } from '../serving-keys';
import { CLUSTER_LOCAL_DOMAIN, domainForLabels, renderTemplate, type NetworkConfig } from './network-config';

function isClusterLocal(route: Route): boolean {
  return route.metadata.labels?.[ServingLabels.visibility] === 'cluster-local';
}

/** `{route}.{namespace}.{domain}`, through config-network's domain-template. */
export function routeHost(route: Route, config: NetworkConfig, name = route.metadata.name ?? ''): string {
  const domain = domainForLabels(config, route.metadata.labels ?? {}, isClusterLocal(route));
  const template = isClusterLocal(route) ? '{{.Name}}.{{.Namespace}}.{{.Domain}}' : config.domainTemplate;
  return renderTemplate(template, { Name: name, Namespace: route.metadata.namespace ?? '', Domain: domain, Tag: '' });
}

/** A tagged target's host: the tag-template name (`{tag}-{route}`) fed into the domain template. */
export function tagHost(route: Route, tag: string, config: NetworkConfig): string {
  const name = renderTemplate(config.tagTemplate, { Name: route.metadata.name ?? '', Namespace: route.metadata.namespace ?? '', Domain: '', Tag: tag });
  return routeHost(route, config, name);
}

/** The cluster-local address that makes a Route Addressable: `{route}.{namespace}.svc.cluster.local`. */
export function routeAddressHost(route: Route): string {
  return `${route.metadata.name}.${route.metadata.namespace}.${CLUSTER_LOCAL_DOMAIN}`;
}
