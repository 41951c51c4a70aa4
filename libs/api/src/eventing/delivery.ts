// eventing DeliverySpec (pkg/apis/duck/v1/delivery_types.go): schema and validation.
import { z } from 'zod';
import type { FieldIssue } from '../field-error';
import { integer } from '../schema/integer.schema';
import { parseIso8601Duration } from '../validation/iso8601-duration';
import { destinationSchema } from '../duck/destination.schema';
import { validateDestination } from '../duck/destination';

export const deliverySpecSchema = z.strictObject({
  deadLetterSink: destinationSchema.optional(),
  retry: integer().optional(),
  backoffPolicy: z.string().optional(),
  backoffDelay: z.string().optional(),
  timeout: z.string().optional(),
  retryAfterMax: z.string().optional(),
  format: z.string().optional(),
});

export type DeliverySpec = z.infer<typeof deliverySpecSchema>;

export function validateDelivery(delivery: DeliverySpec | undefined, path: string): FieldIssue[] {
  if (!delivery) return [];
  const issues: FieldIssue[] = [];
  if (delivery.deadLetterSink) issues.push(...validateDestination(delivery.deadLetterSink, `${path}.deadLetterSink`));
  if (delivery.retry !== undefined && delivery.retry < 0) issues.push({ path: `${path}.retry`, message: `invalid value: ${delivery.retry}` });
  if (delivery.backoffPolicy !== undefined && delivery.backoffPolicy !== 'linear' && delivery.backoffPolicy !== 'exponential')
    issues.push({ path: `${path}.backoffPolicy`, message: `invalid value: ${delivery.backoffPolicy}` });
  if (delivery.backoffDelay !== undefined && parseIso8601Duration(delivery.backoffDelay) === undefined)
    issues.push({ path: `${path}.backoffDelay`, message: `invalid value: ${delivery.backoffDelay}` });
  if (delivery.timeout !== undefined) {
    const ms = parseIso8601Duration(delivery.timeout);
    if (ms === undefined || ms <= 0) issues.push({ path: `${path}.timeout`, message: `invalid value: ${delivery.timeout}` });
  }
  if (delivery.retryAfterMax !== undefined) {
    const ms = parseIso8601Duration(delivery.retryAfterMax);
    if (ms === undefined || ms < 0) issues.push({ path: `${path}.retryAfterMax`, message: `invalid value: ${delivery.retryAfterMax}` });
  }
  if (delivery.format !== undefined && delivery.format !== 'json' && delivery.format !== 'binary')
    issues.push({ path: `${path}.format`, message: `invalid value: ${delivery.format}` });
  return issues;
}
