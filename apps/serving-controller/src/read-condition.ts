// Reading a condition off another object's status (writing goes through the api lifecycles).
import type { Condition, Status } from '@knts/api';

export function readCondition(status: unknown, type: string): Condition | undefined {
  const conditions = (status as Status | undefined)?.conditions;
  return Array.isArray(conditions) ? conditions.find((c) => c.type === type) : undefined;
}

export function isReady(object: { status?: unknown }): boolean {
  return readCondition(object.status, 'Ready')?.status === 'True';
}

export function isFailed(object: { status?: unknown }): boolean {
  return readCondition(object.status, 'Ready')?.status === 'False';
}
