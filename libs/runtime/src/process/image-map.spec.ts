import { splitCommandLine } from './command-line';
import {
  DEFAULT_IMAGE_MAP,
  ImageMapError,
  findImageEntry,
  imageMapFromConfigMap,
  imageNotMappedMessage,
  imageRepository,
  mergeImageMap,
  parseImageEntry,
} from './image-map';

describe('image map', () => {
  it.each([
    ['gcr.io/knative-samples/helloworld-go', 'gcr.io/knative-samples/helloworld-go'],
    ['gcr.io/knative-samples/autoscale-go:0.1', 'gcr.io/knative-samples/autoscale-go'],
    ['localhost:5000/app:v2', 'localhost:5000/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    ['gcr.io/x/y@sha256:abc', 'gcr.io/x/y'],
    ['gcr.io/x/y:1@sha256:abc', 'gcr.io/x/y'],
  ])('repository of %s is %s', (image, repo) => {
    expect(imageRepository(image)).toBe(repo);
  });

  it('maps the workshop images by default', () => {
    const map = mergeImageMap(undefined);
    expect(findImageEntry('gcr.io/knative-samples/helloworld-go', map)?.command).toEqual([
      'node',
      'examples/apps/helloworld-go/server.js',
    ]);
    expect(findImageEntry('gcr.io/knative-samples/helloworld-go:latest', map)?.command).toEqual([
      'node',
      'examples/apps/helloworld-go/server.js',
    ]);
    expect(findImageEntry('gcr.io/knative-samples/autoscale-go:0.1', map)?.command).toEqual([
      'node',
      'examples/apps/autoscale-go/server.js',
    ]);
    expect(
      findImageEntry('gcr.io/knative-releases/github.com/knative/eventing-sources/cmd/event_display', map)?.command,
    ).toEqual(['node', 'examples/apps/event-display/server.js']);
  });

  it('prefers the exact reference, then the one without tag', () => {
    const map = { 'gcr.io/x/y': 'node a.js', 'gcr.io/x/y:2': 'node b.js' };
    expect(findImageEntry('gcr.io/x/y:2', map)?.command).toEqual(['node', 'b.js']);
    expect(findImageEntry('gcr.io/x/y:3', map)?.command).toEqual(['node', 'a.js']);
    expect(findImageEntry('gcr.io/x/z', map)).toBeUndefined();
  });

  it('lets the ConfigMap override the defaults', () => {
    const map = mergeImageMap({ 'gcr.io/knative-samples/helloworld-go': '["python3", "app.py"]' });
    expect(findImageEntry('gcr.io/knative-samples/helloworld-go', map)?.command).toEqual(['python3', 'app.py']);
    expect(Object.keys(map).length).toBe(Object.keys(DEFAULT_IMAGE_MAP).length);
  });

  it.each([
    ['node server.js', { command: ['node', 'server.js'], args: [] }],
    ['  sh -c "echo \\"hi\\"; exit 3"  ', { command: ['sh', '-c', 'echo "hi"; exit 3'], args: [] }],
    ["node 'a b.js' c\\ d", { command: ['node', 'a b.js', 'c d'], args: [] }],
    ['["node", "x.js"]', { command: ['node', 'x.js'], args: [] }],
    [
      '{"command": ["node"], "args": ["x.js"], "workingDir": "/tmp"}',
      { command: ['node'], args: ['x.js'], workingDir: '/tmp' },
    ],
  ])('parses %s', (value, want) => {
    expect(parseImageEntry('k', value)).toEqual(want);
  });

  it.each(['', '[]', '[1]', '{"args": []}', '{bad json', 'node "x'])('rejects %j naming the key', (value) => {
    expect(() => parseImageEntry('gcr.io/k', value)).toThrow(ImageMapError);
    expect(() => parseImageEntry('gcr.io/k', value)).toThrow(/knts-image-map key "gcr.io\/k"/);
  });

  it('explains how to map an image', () => {
    expect(imageNotMappedMessage('gcr.io/x/y')).toBe(
      'image "gcr.io/x/y" is not mapped to a local command; add it to ConfigMap knative-serving/knts-image-map (data: {"images":"gcr.io/x/y: node path/to/server.js"})',
    );
  });

  it('reads image: command lines and JSON objects from the ConfigMap (its keys cannot hold images)', () => {
    expect(
      imageMapFromConfigMap({
        images: '# workshop\ngcr.io/a/b:0.1: node a.js --x\n\nlocalhost:5000/c:  python3 "c d.py"',
        more: '{"gcr.io/e": ["node", "e.js"], "gcr.io/f": "node f.js"}',
      }),
    ).toEqual({
      'gcr.io/a/b:0.1': 'node a.js --x',
      'localhost:5000/c': 'python3 "c d.py"',
      'gcr.io/e': '["node","e.js"]',
      'gcr.io/f': 'node f.js',
    });
    expect(() => imageMapFromConfigMap({ images: 'no-command-here' })).toThrow(
      /key "images": expected "image: command"/,
    );
  });

  it('splits without a shell', () => {
    expect(splitCommandLine('a  b\t"c d" \'$HOME\'')).toEqual(['a', 'b', 'c d', '$HOME']);
    expect(splitCommandLine('x ""')).toEqual(['x', '']);
  });
});
