// serving.knative.dev v1alpha1 -> v1, as knative/serving's ConvertTo did before v1alpha1 was removed
// (pkg/apis/serving/v1alpha1/{service,configuration,revision,route}_conversion.go at 13e6833194^).
import type { FieldIssue } from '../../field-error';
import type { z } from 'zod';
import type { RevisionSpecV1alpha1 } from '../revision-spec.schema';
import type {
  ConfigurationSpecV1alpha1,
  configurationV1alpha1Schema,
  revisionV1alpha1Schema,
  routeV1alpha1Schema,
  ServiceV1alpha1,
} from '../serving.schemas';
import type { TrafficTargetV1alpha1 } from '../traffic-target.schema';

type Json = Record<string, unknown>;

/** The `release` mode's reserved revision name meaning "the latest ready revision". */
export const RELEASE_LATEST_REVISION_KEYWORD = '@latest';

function convertRevisionSpec(spec: RevisionSpecV1alpha1, path: string, issues: FieldIssue[]): Json {
  const { container, servingState: _servingState, concurrencyModel, generation: _generation, ...rest } = spec;
  const out: Json = { ...rest };
  if (container && spec.containers && spec.containers.length > 0) {
    issues.push({ path, message: 'expected exactly one, got both: container, containers' });
  } else if (container) {
    out.containers = [container];
  }
  // concurrencyModel Single meant one request at a time (removed in knative/serving#7893).
  if (concurrencyModel === 'Single' && spec.containerConcurrency === undefined) out.containerConcurrency = 1;
  return out;
}

function convertTemplate(template: { metadata?: unknown; spec: RevisionSpecV1alpha1 }, path: string, issues: FieldIssue[]): Json {
  const out: Json = { spec: convertRevisionSpec(template.spec, `${path}.spec`, issues) };
  if (template.metadata !== undefined) out.metadata = template.metadata;
  return out;
}

function convertConfigurationSpec(spec: ConfigurationSpecV1alpha1, path: string, issues: FieldIssue[]): Json {
  if (spec.build !== undefined) {
    issues.push({ path: `${path}.build`, message: 'build cannot be migrated forward' });
    return {};
  }
  if (spec.revisionTemplate && spec.template) {
    issues.push({ path, message: 'expected exactly one, got both: revisionTemplate, template' });
    return {};
  }
  const template = spec.revisionTemplate ?? spec.template;
  if (!template) {
    issues.push({ path, message: 'expected exactly one, got neither: revisionTemplate, template' });
    return {};
  }
  const templatePath = spec.revisionTemplate ? `${path}.revisionTemplate` : `${path}.template`;
  return { template: convertTemplate(template, templatePath, issues) };
}

function convertTraffic(traffic: TrafficTargetV1alpha1[]): Json[] {
  return traffic.map(({ name, ...target }) => {
    const out: Json = { ...target };
    if (name) out.tag = name;
    return out;
  });
}

function convertServiceSpec(spec: ServiceV1alpha1['spec'], issues: FieldIssue[]): Json {
  if (spec.runLatest) {
    return {
      ...convertConfigurationSpec(spec.runLatest.configuration, 'spec.runLatest.configuration', issues),
      traffic: [{ percent: 100, latestRevision: true }],
    };
  }
  if (spec.release) {
    const revisions = spec.release.revisions ?? [];
    const rollout = spec.release.rolloutPercent ?? 0;
    if (revisions.length === 0 || revisions.length > 2) {
      issues.push({ path: 'spec.release.revisions', message: `expected 1 <= ${revisions.length} <= 2` });
    }
    if (rollout < 0 || rollout > 99) issues.push({ path: 'spec.release.rolloutPercent', message: `expected 0 <= ${rollout} <= 99` });
    const pinned = (revisionName: string, percent: number, tag: string): Json =>
      revisionName === RELEASE_LATEST_REVISION_KEYWORD ? { tag, latestRevision: true, percent } : { tag, revisionName, percent };
    const traffic: Json[] =
      revisions.length === 2
        ? [pinned(revisions[0], 100 - rollout, 'current'), pinned(revisions[1], rollout, 'candidate')]
        : [pinned(revisions[0] ?? '', 100, 'current')];
    traffic.push({ tag: 'latest', latestRevision: true });
    return { ...convertConfigurationSpec(spec.release.configuration, 'spec.release.configuration', issues), traffic };
  }
  if (spec.pinned) {
    return {
      ...convertConfigurationSpec(spec.pinned.configuration, 'spec.pinned.configuration', issues),
      traffic: [{ revisionName: spec.pinned.revisionName ?? '', percent: 100 }],
    };
  }
  if (spec.manual) {
    issues.push({ path: 'spec.manual', message: 'manual mode cannot be migrated forward' });
    return {};
  }
  const out: Json = convertConfigurationSpec(
    { template: spec.template, revisionTemplate: spec.revisionTemplate },
    'spec',
    issues,
  );
  if (spec.traffic) out.traffic = convertTraffic(spec.traffic);
  return out;
}

function countModes(spec: ServiceV1alpha1['spec']): string[] {
  const modes = (['runLatest', 'pinned', 'release', 'manual'] as const).filter((m) => spec[m] !== undefined);
  const inline = spec.template !== undefined || spec.revisionTemplate !== undefined || spec.traffic !== undefined;
  return inline ? [...modes, 'template'] : modes;
}

export function convertServiceV1alpha1(service: ServiceV1alpha1, issues: FieldIssue[]): Json {
  const modes = countModes(service.spec);
  if (modes.length > 1) {
    issues.push({ path: 'spec', message: `expected exactly one, got both: ${modes.join(', ')}` });
    return { ...service, spec: {} };
  }
  return { ...service, spec: convertServiceSpec(service.spec, issues) };
}

export function convertConfigurationV1alpha1(configuration: z.infer<typeof configurationV1alpha1Schema>, issues: FieldIssue[]): Json {
  return { ...configuration, spec: convertConfigurationSpec(configuration.spec, 'spec', issues) };
}

export function convertRouteV1alpha1(route: z.infer<typeof routeV1alpha1Schema>): Json {
  const { generation: _generation, traffic } = route.spec;
  return { ...route, spec: traffic ? { traffic: convertTraffic(traffic) } : {} };
}

export function convertRevisionV1alpha1(revision: z.infer<typeof revisionV1alpha1Schema>, issues: FieldIssue[]): Json {
  return { ...revision, spec: convertRevisionSpec(revision.spec, 'spec', issues) };
}
