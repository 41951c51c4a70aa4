// knative/serving RevisionTemplateSpec validation: BYO revision names and autoscaling annotations.
import type { AdmissionConfig } from '../admission';
import type { FieldIssue } from '../field-error';
import { validateKnativeObjectMeta, type NamedMeta } from '../validation/object-metadata';
import type { RevisionTemplate } from './revision-spec.schema';
import { validateRevisionSpec } from './revision-spec.validation';
import { validateServingAnnotations } from './serving-annotations.validation';

/**
 * `parent` is the Service or Configuration that owns the template: a BYO name must start with
 * `{parent}-` and is refused when the parent is named by generateName.
 */
export function validateRevisionTemplate(template: RevisionTemplate, path: string, parent: NamedMeta, config: AdmissionConfig = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = template.metadata?.name;
  if (name) {
    if (!parent.name && parent.generateName) issues.push({ path: `${path}.metadata.name`, message: 'must not set the field(s)' });
    else {
      const prefix = `${parent.name ?? ''}-`;
      if (!name.startsWith(prefix)) issues.push({ path: `${path}.metadata.name`, message: `invalid value: ${JSON.stringify(name)} must have prefix ${JSON.stringify(prefix)}` });
      else issues.push(...validateKnativeObjectMeta({ name }, `${path}.metadata`));
    }
  }
  issues.push(...validateServingAnnotations(template.metadata?.annotations ?? {}, `${path}.metadata.annotations`));
  issues.push(...validateRevisionSpec(template.spec, `${path}.spec`, config));
  return issues;
}
