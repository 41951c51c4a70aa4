// `knts logs POD [-c C] | -l SELECTOR [-c C] | ksvc/NAME | revision/NAME | taskrun/NAME`,
// with -f, --tail, --prefix, --all-containers. Pods are the v1 Pod objects the runtime
// publishes; their lines come from the LogReader (the KNTS_LOGS stream).
import type { KubeObject, ResourceType } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import { CliError } from '../cli-error';
import type { CliContext } from '../cli-context';
import type { LogReader, LogTarget } from '../log-reader';
import { resolveTypeArg } from '../resource-args';
import { notFoundLine } from '../result-lines';
import { namespaceFor, noResourcesMessage } from './command-helpers';

export interface LogsOptions {
  container?: string;
  selector?: string;
  follow: boolean;
  tail?: number;
  prefix: boolean;
  allContainers: boolean;
}

/** Which label finds the pods of a higher-level object, as Knative and Tekton label them. */
const POD_LABEL_BY_KIND: Record<string, string> = {
  Service: 'serving.knative.dev/service',
  Configuration: 'serving.knative.dev/configuration',
  Revision: 'serving.knative.dev/revision',
  TaskRun: 'tekton.dev/taskRun',
  PipelineRun: 'tekton.dev/pipelineRun',
};

function containerNames(pod: KubeObject): string[] {
  const spec = pod.spec as { containers?: { name?: unknown }[] } | undefined;
  return (spec?.containers ?? []).map((c) => c.name).filter((n): n is string => typeof n === 'string');
}

export async function runLogs(
  ctx: CliContext,
  store: ResourceStore,
  reader: LogReader,
  args: readonly string[],
  options: LogsOptions,
): Promise<number> {
  const podType = resolveTypeArg('pods', ctx.resolveType);
  const namespace = namespaceFor(ctx, podType) ?? ctx.namespace;
  let pods: KubeObject[];
  // Steps of a TaskRun are containers of one pod; kubectl-style prefixes tell them apart.
  let implicitAllContainers = false;

  if (options.selector) {
    if (args.length > 0) throw new CliError('only a selector (-l) or a POD name is allowed');
    pods = (await store.list(podType, { namespace, labelSelector: options.selector })).items;
  } else {
    if (args.length === 0)
      throw new CliError('expected POD, TYPE/NAME or -l SELECTOR; e.g. "knts logs ksvc/helloworld"');
    if (args.length > 1 && !options.container) options = { ...options, container: args[1] };
    const arg = args[0];
    const slash = arg.indexOf('/');
    const type: ResourceType = slash > 0 ? resolveTypeArg(arg.slice(0, slash), ctx.resolveType) : podType;
    const name = slash > 0 ? arg.slice(slash + 1) : arg;
    if (type.kind === 'Pod') {
      const pod = await store.get(podType, namespace, name);
      if (!pod) {
        ctx.io.err(notFoundLine(podType, name) + '\n');
        return 1;
      }
      pods = [pod];
    } else {
      const label = POD_LABEL_BY_KIND[type.kind];
      if (!label)
        throw new CliError(
          `cannot get logs of a ${type.kind}; use a pod, ksvc/NAME, revision/NAME, configuration/NAME, taskrun/NAME or -l SELECTOR`,
        );
      if (!(await store.get(type, namespaceFor(ctx, type) ?? namespace, name))) {
        ctx.io.err(notFoundLine(type, name) + '\n');
        return 1;
      }
      pods = (await store.list(podType, { namespace, labelSelector: `${label}=${name}` })).items;
      implicitAllContainers = type.kind === 'TaskRun' || type.kind === 'PipelineRun';
    }
  }
  if (pods.length === 0) {
    ctx.io.err(noResourcesMessage(ctx) + '\n');
    return 0;
  }
  pods.sort(
    (a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );

  const targets: LogTarget[] = [];
  for (const pod of pods) {
    const podName = pod.metadata.name ?? '';
    const names = containerNames(pod);
    let chosen: string[];
    if (options.container) {
      if (!names.includes(options.container) && names.length > 0) {
        if (pods.length === 1) throw new CliError(`container ${options.container} is not valid for pod ${podName}`);
        continue; // with -l, pods without that container are skipped
      }
      chosen = [options.container];
    } else if (options.allContainers || implicitAllContainers) {
      chosen = names;
    } else if (names.length > 1) {
      const preferred = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
      const pick =
        preferred && names.includes(preferred)
          ? preferred
          : names.includes('user-container')
            ? 'user-container'
            : names[0];
      // kubectl names the choice once per pod it picked for.
      ctx.io.err(`Defaulted container "${pick}" out of: ${names.join(', ')}\n`);
      chosen = [pick];
    } else {
      chosen = names;
    }
    for (const container of chosen)
      targets.push({ namespace: pod.metadata.namespace ?? namespace, pod: podName, container });
  }
  if (targets.length === 0) {
    ctx.io.err(noResourcesMessage(ctx) + '\n');
    return 0;
  }

  const onePod = new Set(targets.map((t) => t.pod)).size === 1;
  const prefixFor = (t: LogTarget): string => {
    if (options.prefix) return `[pod/${t.pod}/${t.container}] `;
    if (targets.length > 1 && onePod) return `[${t.container}] `; // e.g. [step-build]
    return '';
  };
  await reader.read(targets, { follow: options.follow, tail: options.tail, signal: ctx.signal }, (line) => {
    ctx.io.out(`${prefixFor(line.target)}${line.text}\n`);
  });
  return 0;
}
