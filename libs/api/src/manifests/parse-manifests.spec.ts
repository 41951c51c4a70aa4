import { ManifestSyntaxError, parseManifests } from './parse-manifests';

describe('parseManifests', () => {
  it('skips empty documents and expands List items', () => {
    const text = `---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n- {apiVersion: v1, kind: Secret, metadata: {name: c}}\n`;
    expect(parseManifests(text).map((d) => (d as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b', 'c']);
  });

  it('reports the line of a syntax error', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n   bad: indent\n';
    expect(() => parseManifests(text)).toThrow(ManifestSyntaxError);
    try {
      parseManifests(text);
    } catch (error) {
      expect((error as ManifestSyntaxError).line).toBe(4);
      expect((error as Error).message).toMatch(/^yaml: line 4: /);
    }
  });
});
