// Which files `-f` names, as kubectl resolves them: a file as given, a directory's .yaml/.yml/.json
// files in name order (sub-directories only with -R), `-` for stdin, http(s) URLs fetched.

export type ManifestSource = { kind: 'stdin' } | { kind: 'url'; url: string } | { kind: 'file'; path: string };

/** The few file system questions the collection asks; the adapter answers them with node:fs. */
export interface ManifestFileSystem {
  kind(path: string): 'file' | 'directory' | 'missing';
  list(directory: string): string[];
  join(directory: string, entry: string): string;
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export class ManifestPathError extends Error {}

export function collectManifestSources(
  args: readonly string[],
  recursive: boolean,
  fs: ManifestFileSystem,
): ManifestSource[] {
  const out: ManifestSource[] = [];
  for (const arg of args) {
    if (arg === '-') out.push({ kind: 'stdin' });
    else if (/^https?:\/\//.test(arg)) out.push({ kind: 'url', url: arg });
    else {
      const kind = fs.kind(arg);
      if (kind === 'missing') throw new ManifestPathError(`the path "${arg}" does not exist`);
      if (kind === 'file') out.push({ kind: 'file', path: arg });
      else walk(arg, recursive, fs, out);
    }
  }
  return out;
}

function walk(directory: string, recursive: boolean, fs: ManifestFileSystem, out: ManifestSource[]): void {
  for (const entry of [...fs.list(directory)].sort()) {
    const path = fs.join(directory, entry);
    const kind = fs.kind(path);
    if (kind === 'directory') {
      if (recursive) walk(path, recursive, fs, out);
    } else if (kind === 'file' && MANIFEST_EXTENSIONS.some((ext) => entry.toLowerCase().endsWith(ext))) {
      out.push({ kind: 'file', path });
    }
  }
}

export function describeSource(source: ManifestSource): string {
  return source.kind === 'stdin' ? 'STDIN' : source.kind === 'url' ? source.url : source.path;
}
