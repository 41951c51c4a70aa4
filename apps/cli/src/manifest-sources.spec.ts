import { collectManifestSources, ManifestPathError, type ManifestFileSystem } from './manifest-sources';

/** An in-memory tree: directories are objects, files are strings. */
type Tree = { [name: string]: Tree | string };

function fakeFs(tree: Tree): ManifestFileSystem {
  const lookup = (path: string): Tree | string | undefined => {
    let node: Tree | string | undefined = tree;
    for (const part of path.split('/').filter(Boolean)) {
      if (typeof node !== 'object') return undefined;
      node = node[part];
    }
    return node;
  };
  return {
    kind: (path) => {
      const node = lookup(path);
      return node === undefined ? 'missing' : typeof node === 'string' ? 'file' : 'directory';
    },
    list: (dir) => Object.keys(lookup(dir) as Tree),
    join: (dir, entry) => `${dir}/${entry}`,
  };
}

const fs = fakeFs({
  workshop: {
    'service.yaml': '',
    'autoscale-go.yaml': '',
    'README.md': '',
    'config.json': '',
    'extra.yml': '',
    steps: { 'b.yaml': '', 'a.yaml': '' },
  },
  'single.txt': '',
});

describe('collectManifestSources', () => {
  it("takes a directory's manifest files in name order, skipping sub-directories", () => {
    expect(collectManifestSources(['workshop'], false, fs)).toEqual([
      { kind: 'file', path: 'workshop/autoscale-go.yaml' },
      { kind: 'file', path: 'workshop/config.json' },
      { kind: 'file', path: 'workshop/extra.yml' },
      { kind: 'file', path: 'workshop/service.yaml' },
    ]);
  });

  it('walks sub-directories with -R', () => {
    expect(collectManifestSources(['workshop'], true, fs).map((s) => (s.kind === 'file' ? s.path : s.kind))).toEqual([
      'workshop/autoscale-go.yaml',
      'workshop/config.json',
      'workshop/extra.yml',
      'workshop/service.yaml',
      'workshop/steps/a.yaml',
      'workshop/steps/b.yaml',
    ]);
  });

  it('keeps explicit files of any extension, stdin and URLs in argument order', () => {
    expect(collectManifestSources(['single.txt', '-', 'https://example.com/x.yaml'], false, fs)).toEqual([
      { kind: 'file', path: 'single.txt' },
      { kind: 'stdin' },
      { kind: 'url', url: 'https://example.com/x.yaml' },
    ]);
  });

  it('names a path that does not exist', () => {
    expect(() => collectManifestSources(['nope.yaml'], false, fs)).toThrow(
      new ManifestPathError('the path "nope.yaml" does not exist'),
    );
  });
});
