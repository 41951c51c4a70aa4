// Admission steps for serving.knative.dev kinds: v1alpha1 conversion, defaults, validation.
import type { AdmissionContext } from '../admission';
import { defineKindAdmission } from '../admission/kind-admission';
import type { FieldIssue } from '../field-error';
import { deepEqual } from '../validation/deep-equal';
import { validateKnativeObjectMeta } from '../validation/object-metadata';
import { checkByoNameAgainstPrevious } from './byo-revision-name';
import { convertConfigurationV1alpha1, convertRevisionV1alpha1, convertRouteV1alpha1, convertServiceV1alpha1 } from './conversion/v1alpha1';
import type { RevisionTemplate } from './revision-spec.schema';
import { setRevisionSpecDefaults } from './revision-spec.defaults';
import { validateRevisionSpec } from './revision-spec.validation';
import { validateRevisionTemplate } from './revision-template.validation';
import {
  configurationSchema,
  configurationV1alpha1Schema,
  revisionSchema,
  revisionV1alpha1Schema,
  routeSchema,
  routeV1alpha1Schema,
  serviceSchema,
  serviceV1alpha1Schema,
} from './serving.schemas';
import { setTrafficDefaults, validateTraffic } from './traffic.validation';

function previousTemplate(context: AdmissionContext): RevisionTemplate | undefined {
  if (context.operation !== 'UPDATE' || !context.old) return undefined;
  const spec = context.old.spec as { template?: RevisionTemplate } | undefined;
  return spec?.template;
}

export const admitService = defineKindAdmission(
  {
    storage: serviceSchema,
    older: { v1alpha1: { schema: serviceV1alpha1Schema, convert: convertServiceV1alpha1 } },
    setDefaults: (service, context) => {
      setRevisionSpecDefaults(service.spec.template.spec, context.config);
      // route_defaults.go: a Service with no traffic routes everything to the latest revision.
      if (!service.spec.traffic || service.spec.traffic.length === 0) service.spec.traffic = [{ latestRevision: true, percent: 100 }];
      setTrafficDefaults(service.spec.traffic);
    },
    validate: (service, context) => [
      ...validateKnativeObjectMeta(service.metadata),
      ...validateRevisionTemplate(service.spec.template, 'spec.template', service.metadata, context.config),
      ...validateTraffic(service.spec.traffic ?? [], 'spec.traffic', { hasDefaultConfigurationName: true }),
      ...checkByoNameAgainstPrevious(service.spec.template, previousTemplate(context)),
    ],
  },
  'serving.knative.dev/v1',
);

export const admitConfiguration = defineKindAdmission(
  {
    storage: configurationSchema,
    older: { v1alpha1: { schema: configurationV1alpha1Schema, convert: convertConfigurationV1alpha1 } },
    setDefaults: (configuration, context) => setRevisionSpecDefaults(configuration.spec.template.spec, context.config),
    validate: (configuration, context) => [
      ...validateKnativeObjectMeta(configuration.metadata),
      ...validateRevisionTemplate(configuration.spec.template, 'spec.template', configuration.metadata, context.config),
      ...checkByoNameAgainstPrevious(configuration.spec.template, previousTemplate(context)),
    ],
  },
  'serving.knative.dev/v1',
);

export const admitRoute = defineKindAdmission(
  {
    storage: routeSchema,
    older: { v1alpha1: { schema: routeV1alpha1Schema, convert: convertRouteV1alpha1 } },
    setDefaults: (route) => setTrafficDefaults(route.spec.traffic ?? []),
    validate: (route) => {
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(route.metadata)];
      if (!route.spec.traffic || route.spec.traffic.length === 0) issues.push({ path: 'spec', message: 'missing field(s)' });
      else issues.push(...validateTraffic(route.spec.traffic, 'spec.traffic', { hasDefaultConfigurationName: false }));
      return issues;
    },
  },
  'serving.knative.dev/v1',
);

export const admitRevision = defineKindAdmission(
  {
    storage: revisionSchema,
    older: { v1alpha1: { schema: revisionV1alpha1Schema, convert: convertRevisionV1alpha1 } },
    setDefaults: (revision, context) => setRevisionSpecDefaults(revision.spec, context.config),
    validate: (revision, context) => {
      const issues = [...validateKnativeObjectMeta(revision.metadata), ...validateRevisionSpec(revision.spec, 'spec', context.config)];
      // Revisions are immutable snapshots (revision_validation.go CheckImmutableFields).
      if (context.operation === 'UPDATE' && context.old && !deepEqual(context.old.spec, revision.spec))
        issues.push({ path: 'spec', message: 'Immutable fields changed (-old +new)' });
      return issues;
    },
  },
  'serving.knative.dev/v1',
);
