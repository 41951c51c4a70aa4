// Kubernetes' command/args rules (pkg/kubelet/kuberuntime/kuberuntime_container.go and the
// Container docs): `command` replaces the image's entrypoint, `args` replace its default
// arguments, and `$(VAR)` in either expands over the container's environment.
import type { Container } from '@knts/api';
import { expandVars } from './expand-vars';
import type { ImageEntry } from './image-map';

/** The argv the container runs. */
export function containerArgv(
  container: Pick<Container, 'command' | 'args'>,
  image: ImageEntry,
  env: ReadonlyMap<string, string>,
): string[] {
  const lookup = (name: string): string | undefined => env.get(name);
  const hasCommand = (container.command ?? []).length > 0;
  const hasArgs = (container.args ?? []).length > 0;
  const command = hasCommand ? (container.command ?? []).map((c) => expandVars(c, lookup)) : image.command;
  // A command without args drops the image's default args too (Docker and Kubernetes agree).
  const args = hasArgs ? (container.args ?? []).map((a) => expandVars(a, lookup)) : hasCommand ? [] : image.args;
  return [...command, ...args];
}
