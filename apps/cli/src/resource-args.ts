// kubectl's resource arguments: `ksvc,route [NAME...]` or `ksvc/NAME route/NAME ...`.
import type { ResourceType } from '@knts/api';
import { CliError } from './cli-error';

export interface ResourceRequest {
  type: ResourceType;
  /** Empty means every object of the type. */
  names: string[];
}

export type TypeResolver = (arg: string) => ResourceType | undefined;

export function resolveTypeArg(arg: string, resolve: TypeResolver): ResourceType {
  const type = resolve(arg.toLowerCase());
  if (!type) throw new CliError(`the server doesn't have a resource type "${arg}"`);
  return type;
}

export function parseResourceArgs(args: readonly string[], resolve: TypeResolver): ResourceRequest[] {
  if (args.length === 0) {
    throw new CliError('you must specify the type of resource to get; e.g. "knts get ksvc"');
  }
  if (args.some((a) => a.includes('/'))) {
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      if (slash <= 0 || slash === arg.length - 1) {
        throw new CliError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'knts get resource/<resource_name>' instead of 'knts get resource resource/<resource_name>'`,
        );
      }
      const type = resolveTypeArg(arg.slice(0, slash), resolve);
      const name = arg.slice(slash + 1);
      const last = requests[requests.length - 1];
      if (last && last.type === type) last.names.push(name);
      else requests.push({ type, names: [name] });
    }
    return requests;
  }
  const [typeList, ...names] = args;
  const types = typeList
    .split(',')
    .filter(Boolean)
    .map((t) => resolveTypeArg(t, resolve));
  return types.map((type) => ({ type, names: [...names] }));
}
