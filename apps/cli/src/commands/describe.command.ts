// `knts describe KIND [NAME...] | KIND/NAME` in kubectl's layout.
import type { KubeObject } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import type { CliContext } from '../cli-context';
import { describeObject } from '../printers/describe-printer';
import { parseResourceArgs } from '../resource-args';
import { notFoundLine } from '../result-lines';
import { namespaceFor, noResourcesMessage } from './command-helpers';

export async function runDescribe(
  ctx: CliContext,
  store: ResourceStore,
  args: readonly string[],
  selector: string | undefined,
): Promise<number> {
  let ok = true;
  const objects: KubeObject[] = [];
  for (const request of parseResourceArgs(args, ctx.resolveType)) {
    const namespace = namespaceFor(ctx, request.type);
    if (request.names.length === 0) {
      const list = await store.list(request.type, { namespace, labelSelector: selector });
      objects.push(...[...list.items].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')));
      continue;
    }
    for (const name of request.names) {
      const object = await store.get(request.type, namespace, name);
      if (object) objects.push(object);
      else {
        ctx.io.err(notFoundLine(request.type, name) + '\n');
        ok = false;
      }
    }
  }
  if (objects.length === 0 && ok) ctx.io.err(noResourcesMessage(ctx) + '\n');
  // kubectl separates descriptions with one blank line.
  ctx.io.out(objects.map((o) => describeObject(o, ctx.now())).join('\n\n'));
  return ok ? 0 : 1;
}
