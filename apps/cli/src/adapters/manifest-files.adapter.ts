// Reads what -f names: files, directories (through collectManifestSources), stdin and URLs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFileSystem, ManifestSource } from '../manifest-sources';

export const nodeManifestFileSystem: ManifestFileSystem = {
  kind(path) {
    try {
      const st = statSync(path);
      return st.isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  },
  list: (directory) => readdirSync(directory),
  join: (directory, entry) => join(directory, entry),
};

export async function readManifestSource(source: ManifestSource): Promise<string> {
  switch (source.kind) {
    case 'file':
      return readFileSync(source.path, 'utf8');
    case 'stdin': {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString('utf8');
    }
    case 'url': {
      const response = await fetch(source.url, { signal: AbortSignal.timeout(30_000) });
      if (!response.ok)
        throw new Error(
          `unable to read URL "${source.url}", server reported ${response.status} ${response.statusText}, status code=${response.status}`,
        );
      return response.text();
    }
  }
}
