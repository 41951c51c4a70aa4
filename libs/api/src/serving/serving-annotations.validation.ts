// Autoscaling annotations on a Revision template (knative/serving pkg/apis/autoscaling/annotation_validation.go).
import type { FieldIssue } from '../field-error';

const NUMERIC = /^-?\d+(\.\d+)?$/;

export function validateServingAnnotations(annotations: Readonly<Record<string, string>>, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const number = (key: string): number | undefined => {
    const value = annotations[key];
    if (value === undefined) return undefined;
    if (!NUMERIC.test(value.trim())) {
      issues.push({ path: `${path}[${key}]`, message: `invalid value: ${value}` });
      return undefined;
    }
    return Number(value);
  };
  const target = number('autoscaling.knative.dev/target');
  if (target !== undefined && target < 0.01) issues.push({ path: `${path}[autoscaling.knative.dev/target]`, message: `expected 0.01 <= ${target} <= 2147483647` });
  const minScale = number('autoscaling.knative.dev/min-scale') ?? number('autoscaling.knative.dev/minScale');
  const maxScale = number('autoscaling.knative.dev/max-scale') ?? number('autoscaling.knative.dev/maxScale');
  if (minScale !== undefined && minScale < 0) issues.push({ path: `${path}[autoscaling.knative.dev/min-scale]`, message: `expected 0 <= ${minScale} <= 2147483647` });
  if (maxScale !== undefined && maxScale < 0) issues.push({ path: `${path}[autoscaling.knative.dev/max-scale]`, message: `expected 0 <= ${maxScale} <= 2147483647` });
  if (minScale !== undefined && maxScale !== undefined && maxScale > 0 && minScale > maxScale)
    issues.push({ path: `${path}[autoscaling.knative.dev/min-scale]`, message: `min-scale=${minScale} is greater than max-scale=${maxScale}` });
  const klass = annotations['autoscaling.knative.dev/class'];
  if (klass !== undefined && klass.endsWith('.knative.dev') && klass !== 'kpa.autoscaling.knative.dev' && klass !== 'hpa.autoscaling.knative.dev')
    issues.push({ path: `${path}[autoscaling.knative.dev/class]`, message: `invalid value: ${klass}` });
  return issues;
}
