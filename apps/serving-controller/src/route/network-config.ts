// The parts of config-domain and config-network a Route's URLs depend on
// (knative/serving pkg/reconciler/route/config/domain.go, knative/networking pkg/config).
import type { ConfigMap } from '../serving-objects';

export const DEFAULT_DOMAIN = 'example.com';
export const DEFAULT_DOMAIN_TEMPLATE = '{{.Name}}.{{.Namespace}}.{{.Domain}}';
export const DEFAULT_TAG_TEMPLATE = '{{.Tag}}-{{.Name}}';
export const CLUSTER_LOCAL_DOMAIN = 'svc.cluster.local';

export interface DomainEntry {
  domain: string;
  /** Labels a Route must carry to get this domain; empty for the default domain. */
  selector: Record<string, string>;
}

export interface NetworkConfig {
  domains: DomainEntry[];
  domainTemplate: string;
  tagTemplate: string;
}

/** Only plain field references are supported; anything fancier falls back to the default template. */
const SIMPLE_TEMPLATE = /^(?:[a-z0-9.-]|\{\{\s*\.(?:Name|Namespace|Domain|Tag)\s*\}\})+$/;

export function parseNetworkConfig(configDomain?: ConfigMap, configNetwork?: ConfigMap): NetworkConfig {
  const domains: DomainEntry[] = [];
  for (const [domain, value] of Object.entries(configDomain?.data ?? {})) {
    // `_example` holds upstream's documentation block, not a domain.
    if (domain.startsWith('_')) continue;
    domains.push({ domain, selector: parseSelector(value) });
  }
  if (domains.length === 0) domains.push({ domain: DEFAULT_DOMAIN, selector: {} });
  const network = configNetwork?.data ?? {};
  const pick = (keys: string[], fallback: string) => {
    for (const key of keys) {
      const value = network[key]?.trim();
      if (value && SIMPLE_TEMPLATE.test(value)) return value;
    }
    return fallback;
  };
  return {
    domains,
    domainTemplate: pick(['domain-template', 'domainTemplate'], DEFAULT_DOMAIN_TEMPLATE),
    tagTemplate: pick(['tag-template', 'tagTemplate'], DEFAULT_TAG_TEMPLATE),
  };
}

/** `selector:\n  app: prod` → `{ app: 'prod' }`; an empty value selects every Route. */
function parseSelector(value: string): Record<string, string> {
  const selector: Record<string, string> = {};
  let inSelector = false;
  for (const line of value.split('\n')) {
    if (/^selector:\s*$/.test(line.trim())) {
      inSelector = true;
      continue;
    }
    const match = /^\s+([^:\s]+):\s*"?([^"]*?)"?\s*$/.exec(line);
    if (inSelector && match) selector[match[1]] = match[2];
  }
  return selector;
}

/**
 * domain.go LookupDomainForLabels: the most specific domain whose selector the Route's labels match;
 * cluster-local Routes get the cluster domain.
 */
export function domainForLabels(config: NetworkConfig, labels: Record<string, string>, clusterLocal: boolean): string {
  if (clusterLocal) return CLUSTER_LOCAL_DOMAIN;
  let best: DomainEntry | undefined;
  for (const entry of config.domains) {
    const matches = Object.entries(entry.selector).every(([k, v]) => labels[k] === v);
    if (!matches) continue;
    const size = Object.keys(entry.selector).length;
    const bestSize = best ? Object.keys(best.selector).length : -1;
    if (size > bestSize || (size === bestSize && best && entry.domain < best.domain)) best = entry;
  }
  return best?.domain ?? CLUSTER_LOCAL_DOMAIN;
}

export function renderTemplate(template: string, values: Record<'Name' | 'Namespace' | 'Domain' | 'Tag', string>): string {
  return template.replace(/\{\{\s*\.(Name|Namespace|Domain|Tag)\s*\}\}/g, (_m, key: keyof typeof values) => values[key]);
}
