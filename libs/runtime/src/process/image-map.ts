// The standalone "registry": which local command an image reference runs. Read from ConfigMap
// knative-serving/knts-image-map on every apply and merged over built-in entries for the images
// the Knative workshop uses (examples/apps).
import { splitCommandLine } from './command-line';

export const IMAGE_MAP_NAMESPACE = 'knative-serving';
export const IMAGE_MAP_NAME = 'knts-image-map';

/** What an image would run: Docker's ENTRYPOINT (`command`) and CMD (`args`), and its WORKDIR. */
export interface ImageEntry {
  command: string[];
  args: string[];
  workingDir?: string;
}

/**
 * Values as users write them in the ConfigMap: a command line (`node examples/apps/x/server.js`),
 * a JSON array (the entrypoint) or a JSON object `{"command": [...], "args": [...], "workingDir": "..."}`.
 * Relative paths are relative to the repository root.
 */
export const DEFAULT_IMAGE_MAP: Readonly<Record<string, string>> = {
  'gcr.io/knative-samples/helloworld-go': 'node examples/apps/helloworld-go/server.js',
  'gcr.io/knative-samples/autoscale-go:0.1': 'node examples/apps/autoscale-go/server.js',
  'gcr.io/knative-samples/autoscale-go': 'node examples/apps/autoscale-go/server.js',
  'gcr.io/knative-releases/github.com/knative/eventing-sources/cmd/event_display':
    'node examples/apps/event-display/server.js',
  'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display': 'node examples/apps/event-display/server.js',
  'gcr.io/knative-releases/knative.dev/eventing-contrib/cmd/event_display':
    'node examples/apps/event-display/server.js',
  'knts.dev/examples/runtime-probe': 'node examples/apps/runtime-probe/server.js',
};

export class ImageMapError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImageMapError';
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Parses one map value; throws ImageMapError naming the key when it is malformed. */
export function parseImageEntry(key: string, value: string): ImageEntry {
  const text = value.trim();
  const bad = (why: string): ImageMapError =>
    new ImageMapError(key, `ConfigMap ${IMAGE_MAP_NAMESPACE}/${IMAGE_MAP_NAME} key "${key}": ${why}`);
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw bad(`invalid JSON: ${(err as Error).message}`);
    }
    if (isStringArray(parsed)) {
      if (parsed.length === 0) throw bad('the command is empty');
      return { command: parsed, args: [] };
    }
    const obj = parsed as { command?: unknown; args?: unknown; workingDir?: unknown };
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw bad('expected an array of strings or an object');
    if (!isStringArray(obj.command) || obj.command.length === 0)
      throw bad('"command" must be a non-empty array of strings');
    if (obj.args !== undefined && !isStringArray(obj.args)) throw bad('"args" must be an array of strings');
    if (obj.workingDir !== undefined && typeof obj.workingDir !== 'string') throw bad('"workingDir" must be a string');
    return { command: obj.command, args: obj.args ?? [], ...(obj.workingDir ? { workingDir: obj.workingDir } : {}) };
  }
  let words: string[];
  try {
    words = splitCommandLine(text);
  } catch (err) {
    throw bad((err as Error).message);
  }
  if (words.length === 0) throw bad('the command is empty');
  return { command: words, args: [] };
}

/** `gcr.io/x/y:tag@sha256:…` → `gcr.io/x/y`; a registry port (`host:5000/y`) is not a tag. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** The entry for `image`: the exact reference first, then the reference without tag and digest. */
export function findImageEntry(image: string, map: Readonly<Record<string, string>>): ImageEntry | undefined {
  const trimmed = image.trim();
  for (const key of [trimmed, imageRepository(trimmed)]) {
    if (Object.prototype.hasOwnProperty.call(map, key)) return parseImageEntry(key, map[key]);
  }
  return undefined;
}

/**
 * The image → command pairs of the ConfigMap's data. ConfigMap keys cannot hold `/` or `:`, so
 * the keys are free names and every value lists images, either one per line as
 * `image: command` (`#` starts a comment), or as a JSON object `{"image": command, ...}`.
 */
export function imageMapFromConfigMap(data: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const key of Object.keys(data ?? {}).sort()) {
    const text = (data ?? {})[key].trim();
    if (text.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new ImageMapError(
          key,
          `ConfigMap ${IMAGE_MAP_NAMESPACE}/${IMAGE_MAP_NAME} key "${key}": invalid JSON: ${(err as Error).message}`,
        );
      }
      for (const [image, command] of Object.entries(parsed as Record<string, unknown>))
        map[image] = typeof command === 'string' ? command : JSON.stringify(command);
      continue;
    }
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      // The image ends at the first colon followed by a space (tags have none: `y:0.1`).
      const m = /^(\S+?):\s+(.+)$/.exec(line);
      if (!m)
        throw new ImageMapError(
          key,
          `ConfigMap ${IMAGE_MAP_NAMESPACE}/${IMAGE_MAP_NAME} key "${key}": expected "image: command", got ${JSON.stringify(line)}`,
        );
      map[m[1]] = m[2];
    }
  }
  return map;
}

/** The built-in entries with the given ones over them. */
export function mergeImageMap(
  ...layers: ReadonlyArray<Readonly<Record<string, string>> | undefined>
): Record<string, string> {
  return Object.assign({}, DEFAULT_IMAGE_MAP, ...layers.map((l) => l ?? {}));
}

/** Says what is wrong and how to fix it; wrapped in Knative's "Unable to fetch image" message by the runtime. */
export function imageNotMappedMessage(image: string): string {
  const example = JSON.stringify({ images: `${image}: node path/to/server.js` });
  return `image ${JSON.stringify(image)} is not mapped to a local command; add it to ConfigMap ${IMAGE_MAP_NAMESPACE}/${IMAGE_MAP_NAME} (data: ${example})`;
}
