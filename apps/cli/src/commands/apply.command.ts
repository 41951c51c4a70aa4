// `knts apply -f FILE|DIR|-|URL [-R] [--dry-run[=client|server]]`.
import { ValidationError } from '@knts/api';
import type { ResourceStore } from '@knts/store';
import type { CliContext } from '../cli-context';
import { kindGroup } from '../resource-names';
import { applyLine, type DryRun } from '../result-lines';
import { forEachManifest, type ManifestDocument, type ManifestReader } from './manifest-documents';

export interface ApplyOptions {
  files: string[];
  recursive: boolean;
  dryRun: DryRun;
}

export async function runApply(
  ctx: CliContext,
  store: ResourceStore,
  reader: ManifestReader,
  options: ApplyOptions,
): Promise<number> {
  const ok = await forEachManifest(ctx, reader, options.files, options.recursive, async (doc) => {
    try {
      const { result } = await store.apply(doc.object, { dryRun: options.dryRun !== 'none' });
      ctx.io.out(applyLine(doc.type, doc.name, result, options.dryRun) + '\n');
      return true;
    } catch (err) {
      ctx.io.err(`error: ${writeErrorMessage(doc, err)}\n`);
      return false;
    }
  });
  return ok ? 0 : 1;
}

/** `examples/bad.yaml: service.serving.knative.dev "x": spec.traffic: traffic targets sum to 90, want 100` */
export function writeErrorMessage(doc: ManifestDocument, err: unknown): string {
  const subject = `${doc.source}: ${kindGroup(doc.type)} "${doc.name}"`;
  if (err instanceof ValidationError || isValidationLike(err)) {
    return `${subject}: ${ValidationError.format(err.issues)}`;
  }
  if (err instanceof Error) {
    // Store errors already name the object; keep the reason kubectl would show in parentheses.
    const reason = (err as { reason?: unknown }).reason;
    return typeof reason === 'string' ? `${subject}: (${reason}) ${err.message}` : `${subject}: ${err.message}`;
  }
  return `${subject}: ${String(err)}`;
}

/** A ValidationError from another copy of @knts/api (e.g. the store's) fails instanceof. */
function isValidationLike(err: unknown): err is ValidationError {
  return err instanceof Error && err.name === 'ValidationError' && Array.isArray((err as { issues?: unknown }).issues);
}
