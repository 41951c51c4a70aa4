// `knts delete -f FILE|DIR` and `knts delete KIND NAME... | KIND/NAME...`, waiting (by default)
// until each object is really gone, since finalizers may hold it for a while.
import type { ResourceType } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import { CliError } from '../cli-error';
import type { CliContext } from '../cli-context';
import { parseResourceArgs } from '../resource-args';
import { deleteLine, notFoundLine, type DryRun } from '../result-lines';
import { namespaceFor } from './command-helpers';
import { forEachManifest, type ManifestReader } from './manifest-documents';
import { writeErrorMessage } from './apply.command';
import { waitForObject } from './wait-for-object';

export interface DeleteOptions {
  files: string[];
  recursive: boolean;
  ignoreNotFound: boolean;
  wait: boolean;
  timeoutMs: number;
  dryRun: DryRun;
  selector?: string;
  all: boolean;
}

interface Target {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
}

export async function runDelete(
  ctx: CliContext,
  store: ResourceStore,
  reader: ManifestReader,
  args: readonly string[],
  options: DeleteOptions,
): Promise<number> {
  const deleted: Target[] = [];
  let ok = true;
  const deleteOne = async (target: Target): Promise<boolean> => {
    const before = await store.get(target.type, target.namespace, target.name);
    let removed = false;
    if (before) {
      try {
        removed =
          (await store.delete(target.type, target.namespace, target.name, { dryRun: options.dryRun !== 'none' })) !==
          undefined;
      } catch (err) {
        if ((err as { reason?: unknown }).reason !== 'NotFound') throw err;
      }
    }
    if (!removed) {
      if (options.ignoreNotFound) return true;
      ctx.io.err(notFoundLine(target.type, target.name) + '\n');
      return false;
    }
    ctx.io.out(deleteLine(target.type, target.name, options.dryRun) + '\n');
    deleted.push(target);
    return true;
  };

  if (options.files.length > 0) {
    if (args.length > 0) throw new CliError('a resource cannot be named both with -f and as an argument');
    ok = await forEachManifest(ctx, reader, options.files, options.recursive, async (doc) => {
      try {
        return await deleteOne({ type: doc.type, namespace: doc.namespace, name: doc.name });
      } catch (err) {
        ctx.io.err(`error: ${writeErrorMessage(doc, err)}\n`);
        return false;
      }
    });
  } else {
    if (args.length === 0)
      throw new CliError(
        "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    for (const request of parseResourceArgs(args, ctx.resolveType)) {
      const namespace = namespaceFor(ctx, request.type);
      let names = request.names;
      if (names.length === 0) {
        if (!options.all && !options.selector)
          throw new CliError('resource(s) were provided, but no name was specified; add a name, -l SELECTOR or --all');
        const list = await store.list(request.type, { namespace, labelSelector: options.selector });
        names = list.items.map((o) => o.metadata.name ?? '');
      }
      for (const name of names) if (!(await deleteOne({ type: request.type, namespace, name }))) ok = false;
    }
  }

  if (options.wait && options.dryRun === 'none') {
    for (const target of deleted) {
      const outcome = await waitForObject(
        store,
        target.type,
        target.namespace,
        target.name,
        (o) => o === undefined,
        options.timeoutMs,
        ctx.signal,
      );
      if (outcome === 'timeout') {
        ctx.io.err(`error: timed out waiting for the condition on ${target.type.plural}/${target.name}\n`);
        ok = false;
      }
      if (outcome === 'aborted') return 1;
    }
  }
  return ok ? 0 : 1;
}
