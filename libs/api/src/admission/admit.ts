// admit(): the single entry for every write (see ../admission.ts for the contract).
import type { Admit } from '../admission';
import { ValidationError } from '../field-error';
import type { KubeObject } from '../meta';
import { apiVersionOf } from '../resource-type';
import { findResourceType, splitApiVersion } from '../registry/find-resource-type';
import { KIND_ADMISSIONS } from './kind-admissions';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const admit: Admit = (object, context): KubeObject => {
  if (!isRecord(object)) throw new ValidationError([{ path: '', message: 'expected an object' }]);
  const { apiVersion, kind } = object;
  const missing = [
    ...(typeof apiVersion === 'string' && apiVersion !== '' ? [] : [{ path: 'apiVersion', message: 'missing field(s)' }]),
    ...(typeof kind === 'string' && kind !== '' ? [] : [{ path: 'kind', message: 'missing field(s)' }]),
  ];
  if (missing.length > 0 || typeof apiVersion !== 'string' || typeof kind !== 'string') throw new ValidationError(missing);
  const type = findResourceType(apiVersion, kind);
  const admitKind = type ? KIND_ADMISSIONS[type.kind] : undefined;
  if (!type || !admitKind) throw new ValidationError([{ path: 'kind', message: `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}` }]);
  // structuredClone: admission never mutates what the caller passed in.
  const stored = admitKind(structuredClone(object), splitApiVersion(apiVersion).version, context);
  stored.apiVersion = apiVersionOf(type);
  return stored;
};
