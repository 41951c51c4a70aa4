// The rows `knts get` prints for a kind: NAME, the type's printer columns (as a CRD's
// additionalPrinterColumns), and AGE when the type has no date column of its own.
import type { KubeObject, PrinterColumn, ResourceType } from '@knts/api';
import { objectRef } from '../resource-names';
import { ageSince } from './human-duration';
import { findJsonPathValues, formatJsonPathValue } from './jsonpath';

export interface TableOptions {
  /** `-o wide`: also the columns with priority > 0. */
  wide: boolean;
  /** `-A`: a NAMESPACE column first. */
  withNamespace: boolean;
  /** Several kinds requested: NAME shows `kind.group/name`. */
  withKind: boolean;
  now: Date;
  /** Columns that do not come from the object's fields (`get revisions -w`: CONCURRENCY), last. */
  extra?: readonly TableColumnExtra[];
}

export interface TableColumnExtra {
  name: string;
  value(object: KubeObject): string;
}

const AGE_COLUMN: PrinterColumn = { name: 'Age', jsonPath: '.metadata.creationTimestamp', type: 'date' };

export function tableColumns(type: ResourceType, wide: boolean): PrinterColumn[] {
  const all = type.printerColumns ?? [];
  const columns = all.filter((c) => wide || !c.priority);
  // kubectl shows a CRD's own date columns as ages; a type without one still gets AGE.
  if (!all.some((c) => c.type === 'date')) columns.push(AGE_COLUMN);
  return columns;
}

export function tableHeader(type: ResourceType, options: TableOptions): string[] {
  const header = ['NAME', ...tableColumns(type, options.wide).map((c) => c.name.toUpperCase())];
  for (const extra of options.extra ?? []) header.push(extra.name.toUpperCase());
  return options.withNamespace ? ['NAMESPACE', ...header] : header;
}

export function tableRow(type: ResourceType, object: KubeObject, options: TableOptions): string[] {
  const name = object.metadata.name ?? '';
  const row = [options.withKind ? objectRef(type, name) : name];
  for (const column of tableColumns(type, options.wide)) row.push(formatCell(column, object, options.now));
  for (const extra of options.extra ?? []) row.push(extra.value(object));
  return options.withNamespace ? [object.metadata.namespace ?? '', ...row] : row;
}

function formatCell(column: PrinterColumn, object: KubeObject, now: Date): string {
  let values: unknown[];
  try {
    values = findJsonPathValues(column.jsonPath, object);
  } catch {
    return '<invalid>';
  }
  if (column.format === 'ready-count') return readyCount(values, object);
  // Like the CRD table convertor, a column shows the first match only.
  const value = values[0];
  if (value === undefined || value === null || value === '') return '<none>';
  if (column.type === 'date' && typeof value === 'string') return ageSince(value, now);
  return formatJsonPathValue(value);
}

/** kubectl's Pod READY: ready containers / the Pod's containers (statuses may lag the spec). */
function readyCount(flags: unknown[], object: KubeObject): string {
  const spec = object['spec'] as { containers?: unknown[] } | undefined;
  const total = Math.max(flags.length, spec?.containers?.length ?? 0);
  return `${flags.filter((f) => f === true).length}/${total}`;
}
