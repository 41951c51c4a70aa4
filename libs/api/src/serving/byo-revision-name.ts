// Bring-your-own revision names (spec.template.metadata.name): the same name may not be reused with a
// different template. Admission checks it against the previous Service/Configuration; the controller,
// which can read Revisions, calls checkByoRevisionName() against the Revision that already has the name.
import type { FieldIssue } from '../field-error';
import { deepEqual } from '../validation/deep-equal';
import type { RevisionSpec, RevisionTemplate } from './revision-spec.schema';

export const BYO_NAME_CHANGE_MESSAGE = 'Saw the following changes without a name change (-old +new)';

/** Compares a template that names its revision with the spec of the Revision already holding that name. */
export function checkByoRevisionName(template: RevisionTemplate, existingRevisionSpec: RevisionSpec, path = 'spec.template'): FieldIssue[] {
  if (!template.metadata?.name) return [];
  return deepEqual(template.spec, existingRevisionSpec) ? [] : [{ path: `${path}.metadata.name`, message: BYO_NAME_CHANGE_MESSAGE }];
}

/** The admission-time form: the old parent's template had the same name but a different body. */
export function checkByoNameAgainstPrevious(template: RevisionTemplate, previous: RevisionTemplate | undefined, path = 'spec.template'): FieldIssue[] {
  const name = template.metadata?.name;
  if (!name || !previous || previous.metadata?.name !== name) return [];
  return deepEqual(template, previous) ? [] : [{ path: `${path}.metadata.name`, message: BYO_NAME_CHANGE_MESSAGE }];
}
