// `knts get KIND[,KIND...] [NAME...] | KIND/NAME...`: tables, -o formats, -l, -A, -w.
import type { KubeObject, ResourceType } from '@knts/api';
import type { ResourceStore, WatchEvent } from '@knts/store';
import { CliError } from '../cli-error';
import type { CliContext } from '../cli-context';
import { parseOutputFormat, type OutputFormat } from '../printers/output-format';
import { tableHeader, tableRow, type TableOptions } from '../printers/resource-table';
import { TableWriter } from '../printers/table-writer';
import { asList, toJson, toYaml } from '../printers/serialize';
import { findJsonPathValues, formatJsonPathValue } from '../printers/jsonpath';
import { parseResourceArgs, type ResourceRequest } from '../resource-args';
import { objectRef } from '../resource-names';
import { notFoundLine } from '../result-lines';
import { namespaceFor, noResourcesMessage, untilAborted } from './command-helpers';
import { RevisionLoads, type RevisionLoadFeed } from './revision-load';

export interface GetOptions {
  output?: string;
  selector?: string;
  watch: boolean;
  watchOnly: boolean;
  noHeaders: boolean;
}

interface Found {
  type: ResourceType;
  objects: KubeObject[];
  resourceVersion?: string;
}

export async function runGet(
  ctx: CliContext,
  store: ResourceStore,
  args: readonly string[],
  options: GetOptions,
): Promise<number> {
  const requests = parseResourceArgs(args, ctx.resolveType);
  const format = parseOutputFormat(options.output);
  const watching = options.watch || options.watchOnly;
  if (watching && requests.length > 1) throw new CliError('you may only specify a single resource type');
  const byName = requests.some((r) => r.names.length > 0);
  if (byName && options.selector) throw new CliError('name cannot be provided when a selector is specified');

  let exitCode = 0;
  const found: Found[] = [];
  for (const request of requests) {
    const result = await fetchRequest(ctx, store, request, options.selector, watching);
    for (const name of result.missing) {
      ctx.io.err(notFoundLine(request.type, name) + '\n');
      exitCode = 1;
    }
    found.push(result);
  }

  const slashForm = args.some((a) => a.includes('/'));
  // Watching revisions as a table: a live CONCURRENCY column from the autoscaler's decisions.
  const loads = watching && format.kind === 'table' && isRevision(found[0]?.type) && ctx.openLoadFeed ? new RevisionLoads() : undefined;
  const tableOptions: TableOptions = {
    wide: format.kind === 'table' && format.wide,
    withNamespace: ctx.allNamespaces,
    withKind: requests.length > 1 || slashForm,
    now: ctx.now(),
    ...(loads ? { extra: [loads.column] } : {}),
  };
  const total = found.reduce((n, f) => n + f.objects.length, 0);
  const writers = new Map<ResourceType, TableWriter>();

  if (!options.watchOnly) {
    if (total === 0 && !byName) {
      ctx.io.err(noResourcesMessage(ctx) + '\n');
    } else {
      printAll(
        ctx,
        format,
        found,
        tableOptions,
        options.noHeaders,
        writers,
        byName && total === 1 && requests.length === 1 && requests[0].names.length === 1,
      );
    }
  }
  if (!watching) return exitCode;

  // Rows for changes after the list, resumed from its revision so nothing is missed or repeated.
  const { type } = found[0];
  const names = new Set(requests[0].names);
  let headerPrinted = !options.watchOnly && total > 0;
  /** The objects shown, by namespace/name: a load change prints the row of the latest one. */
  const shown = new Map<string, KubeObject>();
  for (const o of found[0].objects) shown.set(objectKey(o), o);
  const printRow = (object: KubeObject): void => {
    const writer = writers.get(type) ?? new TableWriter();
    writers.set(type, writer);
    const opts = { ...tableOptions, now: ctx.now() };
    if (format.kind === 'table') {
      const rows = [tableRow(type, object, opts)];
      if (!headerPrinted && !options.noHeaders) rows.unshift(tableHeader(type, opts));
      headerPrinted = true;
      ctx.io.out(writer.format(rows).join('\n') + '\n');
    } else {
      printObjects(ctx, format, type, [object], true, writer, opts, true);
    }
  };
  const watch = store.watch(
    type,
    { namespace: namespaceFor(ctx, type), labelSelector: options.selector, resourceVersion: found[0].resourceVersion },
    (event: WatchEvent) => {
      if (names.size > 0 && !names.has(event.object.metadata.name ?? '')) return;
      if (event.type === 'DELETED') shown.delete(objectKey(event.object));
      else shown.set(objectKey(event.object), event.object);
      printRow(event.object);
    },
  );
  let feed: RevisionLoadFeed | undefined;
  try {
    await watch.ready;
    if (loads && ctx.openLoadFeed) {
      feed = ctx.openLoadFeed();
      await feed.start(namespaceFor(ctx, type), (namespace, revision, load) => {
        const object = shown.get(`${namespace}/${revision}`);
        if (loads.update(namespace, revision, load) && object) printRow(object);
      });
    }
    await untilAborted(ctx.signal);
  } finally {
    await feed?.stop();
    await watch.stop();
  }
  return exitCode;
}

function isRevision(type: ResourceType | undefined): boolean {
  return type?.group === 'serving.knative.dev' && type.plural === 'revisions';
}

function objectKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

async function fetchRequest(
  ctx: CliContext,
  store: ResourceStore,
  request: ResourceRequest,
  selector: string | undefined,
  watching: boolean,
): Promise<Found & { missing: string[] }> {
  const namespace = namespaceFor(ctx, request.type);
  if (request.names.length === 0) {
    const list = await store.list(request.type, { namespace, labelSelector: selector });
    const objects = [...list.items].sort(byNamespaceAndName);
    return { type: request.type, objects, resourceVersion: list.resourceVersion, missing: [] };
  }
  const objects: KubeObject[] = [];
  const missing: string[] = [];
  for (const name of request.names) {
    const object = await store.get(request.type, namespace, name);
    if (object) objects.push(object);
    else missing.push(name);
  }
  // Watching named objects still needs a revision to resume from; the list supplies one.
  const resourceVersion = watching ? (await store.list(request.type, { namespace })).resourceVersion : undefined;
  return { type: request.type, objects, resourceVersion, missing };
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')
  );
}

function printAll(
  ctx: CliContext,
  format: OutputFormat,
  found: Found[],
  tableOptions: TableOptions,
  noHeaders: boolean,
  writers: Map<ResourceType, TableWriter>,
  singleObject: boolean,
): void {
  if (format.kind === 'json' || format.kind === 'yaml' || format.kind === 'jsonpath') {
    const objects = found.flatMap((f) => f.objects);
    // kubectl prints a single named object as itself, anything else as a v1 List.
    const data = singleObject ? objects[0] : asList(objects);
    ctx.io.out(format.kind === 'json' ? toJson(data) : format.kind === 'yaml' ? toYaml(data) : format.render(data));
    return;
  }
  let first = true;
  for (const f of found) {
    if (f.objects.length === 0) continue;
    const writer = new TableWriter();
    writers.set(f.type, writer);
    if (format.kind === 'table' && !first) ctx.io.out('\n');
    first = false;
    printObjects(ctx, format, f.type, f.objects, noHeaders, writer, tableOptions, false);
  }
}

function printObjects(
  ctx: CliContext,
  format: OutputFormat,
  type: ResourceType,
  objects: KubeObject[],
  noHeaders: boolean,
  writer: TableWriter,
  tableOptions: TableOptions,
  streaming: boolean,
): void {
  switch (format.kind) {
    case 'name':
      for (const o of objects) ctx.io.out(objectRef(type, o.metadata.name ?? '') + '\n');
      return;
    case 'json':
      for (const o of objects) ctx.io.out(toJson(o));
      return;
    case 'yaml':
      for (const o of objects) ctx.io.out((streaming ? '---\n' : '') + toYaml(o));
      return;
    case 'jsonpath':
      for (const o of objects) ctx.io.out(format.render(o));
      return;
    case 'custom-columns': {
      const rows = objects.map((o) => format.columns.map((c) => cell(findJsonPathValues(c.path, o))));
      if (!noHeaders) rows.unshift(format.columns.map((c) => c.header));
      ctx.io.out(writer.format(rows).join('\n') + '\n');
      return;
    }
    case 'table': {
      const rows = objects.map((o) => tableRow(type, o, tableOptions));
      if (!noHeaders) rows.unshift(tableHeader(type, tableOptions));
      ctx.io.out(writer.format(rows).join('\n') + '\n');
      return;
    }
  }
}

function cell(values: unknown[]): string {
  return values.length === 0 || values[0] === null || values[0] === ''
    ? '<none>'
    : values.map(formatJsonPathValue).join(',');
}
