// The PipelineTask dependency graph (tektoncd/pipeline pkg/reconciler/pipeline/dag): edges come from
// runAfter and from `$(tasks.<name>.results...)` references; errors use upstream's wording.
import type { PipelineTask } from './tekton.schemas';

const RESULT_REFERENCE = /\$\(tasks\.([a-z0-9-]+)\.(?:results|outputs)\b/g;

function referencedTasks(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') for (const m of value.matchAll(RESULT_REFERENCE)) into.add(m[1]);
  else if (Array.isArray(value)) value.forEach((v) => referencedTasks(v, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => referencedTasks(v, into));
}

/** task name -> names it must run after, in declaration order. */
export function pipelineTaskDependencies(tasks: readonly PipelineTask[]): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  for (const task of tasks) {
    const set = new Set<string>(task.runAfter ?? []);
    referencedTasks(task.params, set);
    referencedTasks(task.when, set);
    referencedTasks(task.matrix, set);
    deps.set(task.name ?? '', [...set]);
  }
  return deps;
}

/** Kahn's algorithm as upstream runs it; returns `task "x" depends on "y"` for the first remaining node. */
function findCycle(deps: Map<string, string[]>): string | undefined {
  const remaining = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  const independent: string[] = [];
  for (const [task, taskDeps] of deps) {
    if (taskDeps.length === 0) continue;
    remaining.set(task, new Set(taskDeps));
    for (const dep of taskDeps) {
      if ((deps.get(dep) ?? []).length === 0 && !independent.includes(dep)) independent.push(dep);
      if (!children.has(dep)) children.set(dep, new Set());
      children.get(dep)?.add(task);
    }
  }
  while (independent.length > 0) {
    const parent = independent.pop() as string;
    for (const child of children.get(parent) ?? []) {
      const set = remaining.get(child);
      set?.delete(parent);
      if (set && set.size === 0) {
        independent.push(child);
        remaining.delete(child);
      }
    }
  }
  if (remaining.size === 0) return undefined;
  const first = [...remaining.keys()].sort()[0];
  const names = [...(remaining.get(first) ?? [])].sort().map((d) => JSON.stringify(d));
  return `task ${JSON.stringify(first)} depends on ${names.join(', ')}`;
}

/** Undefined when the graph is valid, else dag.Build's error text. */
export function pipelineGraphError(tasks: readonly PipelineTask[]): string | undefined {
  const names = new Set<string>();
  for (const task of tasks) {
    const name = task.name ?? '';
    if (names.has(name)) return `task ${name} is already present in Graph, can't add it again: duplicate pipeline task`;
    names.add(name);
  }
  const deps = pipelineTaskDependencies(tasks);
  const cycle = findCycle(deps);
  if (cycle) return `cycle detected; ${cycle}`;
  for (const [task, taskDeps] of deps)
    for (const dep of taskDeps)
      if (!names.has(dep)) return `couldn't add link between ${task} and ${dep}: task ${task} depends on ${dep} but ${dep} wasn't present in Pipeline`;
  return undefined;
}
