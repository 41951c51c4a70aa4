// `knts wait KIND/NAME... --for=condition=Ready|delete|jsonpath='{...}'=VALUE --timeout=30s`.
import type { ResourceStore } from '@knts/store';
import { CliError } from '../cli-error';
import type { CliContext } from '../cli-context';
import { parseResourceArgs } from '../resource-args';
import { objectRef } from '../resource-names';
import { notFoundLine } from '../result-lines';
import { isWaitSatisfied, parseWaitFor } from '../wait-condition';
import { namespaceFor } from './command-helpers';
import { waitForObject } from './wait-for-object';

export interface WaitOptions {
  for: string;
  timeoutMs: number;
  selector?: string;
  all: boolean;
}

export async function runWait(
  ctx: CliContext,
  store: ResourceStore,
  args: readonly string[],
  options: WaitOptions,
): Promise<number> {
  let waitFor;
  try {
    waitFor = parseWaitFor(options.for);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const deadline = Date.now() + options.timeoutMs;
  let ok = true;
  for (const request of parseResourceArgs(args, ctx.resolveType)) {
    const namespace = namespaceFor(ctx, request.type);
    let names = request.names;
    if (names.length === 0) {
      if (!options.all && !options.selector)
        throw new CliError('resource(s) were provided, but no name was specified; add a name, -l SELECTOR or --all');
      names = (await store.list(request.type, { namespace, labelSelector: options.selector })).items.map(
        (o) => o.metadata.name ?? '',
      );
      if (names.length === 0) throw new CliError('no matching resources found');
    }
    for (const name of names) {
      if (waitFor.kind !== 'delete' && !(await store.get(request.type, namespace, name))) {
        ctx.io.err(notFoundLine(request.type, name) + '\n');
        ok = false;
        continue;
      }
      const outcome = await waitForObject(
        store,
        request.type,
        namespace,
        name,
        (o) => isWaitSatisfied(waitFor, o),
        deadline - Date.now(),
        ctx.signal,
      );
      if (outcome === 'met') {
        ctx.io.out(`${objectRef(request.type, name)} condition met\n`);
      } else if (outcome === 'timeout') {
        ctx.io.err(`error: timed out waiting for the condition on ${request.type.plural}/${name}\n`);
        ok = false;
      } else {
        return 1;
      }
    }
  }
  return ok ? 0 : 1;
}
