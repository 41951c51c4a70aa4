// Every manifest of the workshop (examples/workshop) admits and converts to the v1 shape upstream gives it.
// libs/api specs may not read files, so the texts are embedded at the bottom, byte for byte.
import { admit } from './admit';
import { parseManifests } from '../manifests/parse-manifests';
import type { KubeObject } from '../meta';

function admitted(file: string): KubeObject {
  const [document] = parseManifests(WORKSHOP_MANIFESTS[file]);
  return admit(document, { operation: 'CREATE' });
}

const defaultedContainer = { name: 'user-container', readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 } };

describe('workshop manifests', () => {
  it('service.yaml: runLatest + revisionTemplate + singular container become template, containers[0] and latest traffic', () => {
    const svc = admitted('service.yaml');
    expect(svc.apiVersion).toBe('serving.knative.dev/v1');
    expect(svc.spec).toEqual({
      template: {
        spec: {
          containers: [{ image: 'gcr.io/knative-samples/helloworld-go', env: [{ name: 'TARGET', value: 'Knative serving' }], ...defaultedContainer }],
          timeoutSeconds: 300,
          containerConcurrency: 0,
          enableServiceLinks: false,
        },
      },
      traffic: [{ latestRevision: true, percent: 100 }],
    });
  });

  it('autoscale-go.yaml: inline template keeps the target annotation and gets default traffic', () => {
    const svc = admitted('autoscale-go.yaml');
    expect(svc.spec).toMatchObject({
      template: {
        metadata: { annotations: { 'autoscaling.knative.dev/target': '10' } },
        spec: { containers: [{ image: 'gcr.io/knative-samples/autoscale-go:0.1', name: 'user-container' }] },
      },
      traffic: [{ latestRevision: true, percent: 100 }],
    });
  });

  it.each([
    ['blue-green-config.yaml', 'blue'],
    ['steps/blue-green-config-green.yaml', 'green'],
  ])('%s: a v1 Configuration with TARGET=%s', (file, target) => {
    const cfg = admitted(file);
    expect(cfg.apiVersion).toBe('serving.knative.dev/v1');
    expect(cfg.kind).toBe('Configuration');
    expect(cfg.spec).toMatchObject({
      template: {
        metadata: { labels: { 'knative.dev/type': 'container' } },
        spec: { containers: [{ image: 'gcr.io/knative-samples/helloworld-go', env: [{ name: 'TARGET', value: target }], name: 'user-container' }] },
      },
    });
  });

  it.each([
    ['blue-green-route.yaml', [{ revisionName: 'blue-green-demo-66h62', percent: 100, latestRevision: false }]],
    [
      'steps/blue-green-route-tagged.yaml',
      [
        { revisionName: 'blue-green-demo-66h62', percent: 100, latestRevision: false },
        { revisionName: 'blue-green-demo-zdjbc', percent: 0, tag: 'v2', latestRevision: false },
      ],
    ],
    [
      'steps/blue-green-route-5050.yaml',
      [
        { revisionName: 'blue-green-demo-66h62', percent: 50, latestRevision: false },
        { revisionName: 'blue-green-demo-zdjbc', percent: 50, tag: 'v2', latestRevision: false },
      ],
    ],
  ])('%s: pinned traffic targets', (file, traffic) => {
    const rt = admitted(file);
    expect(rt.apiVersion).toBe('serving.knative.dev/v1');
    expect(rt.spec).toEqual({ traffic });
  });

  it('event-display-service.yaml: no namespace stays unset (the store fills it)', () => {
    const svc = admitted('event-display-service.yaml');
    expect(svc.metadata).toEqual({ name: 'event-display' });
    expect(svc.spec).toMatchObject({ template: { spec: { containers: [{ name: 'user-container' }] } }, traffic: [{ latestRevision: true, percent: 100 }] });
  });

  it('cronjob-source.yaml: kept as v1alpha1, flat sink normalised to a v1 ref', () => {
    const src = admitted('cronjob-source.yaml');
    expect(src.apiVersion).toBe('sources.eventing.knative.dev/v1alpha1');
    expect(src.spec).toEqual({
      schedule: '*/2 * * * *',
      data: '{"message": "Hello Eventing!"}',
      sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'event-display' } },
    });
  });

  it('pullsubscription.yaml: knative-gcp defaults and a v1 sink ref', () => {
    const ps = admitted('pullsubscription.yaml');
    expect(ps.apiVersion).toBe('pubsub.cloud.google.com/v1alpha1');
    expect(ps.spec).toEqual({
      topic: 'testing',
      sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'event-display' } },
      secret: { name: 'google-cloud-key', key: 'key.json' },
      ackDeadline: '30s',
      retentionDuration: '168h',
    });
  });

  it('kaniko.yaml: inputs.params become params (typed string), resources go to the v1beta1Resources annotation', () => {
    const task = admitted('kaniko.yaml');
    expect(task.apiVersion).toBe('tekton.dev/v1');
    const spec = task.spec as { params: Array<{ name: string; type: string; default: string }>; steps: Array<Record<string, unknown>> };
    expect(spec.params.map((p) => [p.name, p.type, p.default])).toEqual([
      ['DOCKERFILE', 'string', './Dockerfile'],
      ['CONTEXT', 'string', './'],
      ['EXTRA_ARGS', 'string', ''],
      ['BUILDER_IMAGE', 'string', 'gcr.io/kaniko-project/executor:v0.13.0'],
    ]);
    expect(spec.steps[0]).toMatchObject({ name: 'build-and-push', image: '$(inputs.params.BUILDER_IMAGE)', workingDir: '/workspace/source' });
    expect(JSON.parse(task.metadata.annotations?.['tekton.dev/v1beta1Resources'] ?? '')).toEqual({
      inputs: [{ name: 'source', type: 'git' }],
      outputs: [{ name: 'image', type: 'image' }],
    });
    expect(task.spec).not.toHaveProperty('inputs');
  });

  it('taskrun-build-kaniko-helloworld-gcr.yaml: params moved up, resource bindings annotated, Tekton defaults', () => {
    const tr = admitted('taskrun-build-kaniko-helloworld-gcr.yaml');
    expect(tr.apiVersion).toBe('tekton.dev/v1');
    expect(tr.spec).toEqual({
      taskRef: { name: 'kaniko', kind: 'Task' },
      params: [
        { name: 'DOCKERFILE', value: 'Dockerfile' },
        { name: 'CONTEXT', value: 'docs/serving/samples/hello-world/helloworld-go/' },
      ],
      timeout: '1h0m0s',
      serviceAccountName: 'default',
    });
    expect(JSON.parse(tr.metadata.annotations?.['tekton.dev/v1beta1Resources'] ?? '')).toEqual({
      inputs: [{ name: 'source', resourceSpec: { type: 'git', params: [{ name: 'url', value: 'https://github.com/knative/docs' }] } }],
      outputs: [{ name: 'image', resourceSpec: { type: 'image', params: [{ name: 'url', value: 'gcr.io/<your-project-id>/helloworld-go:latest' }] } }],
    });
  });

  it('admits every embedded manifest without mutating the parsed input', () => {
    for (const text of Object.values(WORKSHOP_MANIFESTS)) {
      const [document] = parseManifests(text);
      const before = structuredClone(document);
      admit(document, { operation: 'CREATE' });
      expect(document).toEqual(before);
    }
  });

  it('is idempotent: admitting the stored form again gives the same object', () => {
    for (const file of Object.keys(WORKSHOP_MANIFESTS)) {
      const once = admitted(file);
      expect(admit(once, { operation: 'UPDATE', old: once })).toEqual(once);
    }
  });
});

const WORKSHOP_MANIFESTS: Readonly<Record<string, string>> = {
  "service.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Service\nmetadata:\n  name: helloworld\n  namespace: default\nspec:\n  runLatest:\n    configuration:\n      revisionTemplate:\n        spec:\n          container:\n            image: \"gcr.io/knative-samples/helloworld-go\"\n            env:\n            - name: \"TARGET\"\n              value: \"Knative serving\"\n",
  "autoscale-go.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Service\nmetadata:\n  name: autoscale-go\n  namespace: default\nspec:\n  template:\n    metadata:\n      annotations:\n        # KPA\n        # Knative concurrency-based autoscaling (default).\n        # autoscaling.knative.dev/class: kpa.autoscaling.knative.dev\n        # autoscaling.knative.dev/metric: concurrency\n\n        # Target 10 in-flight-requests per pod.\n        autoscaling.knative.dev/target: \"10\"\n\n        # HPA\n        # Standard Kubernetes CPU-based autoscaling.\n        # autoscaling.knative.dev/class: hpa.autoscaling.knative.dev\n        # autoscaling.knative.dev/metric: cpu\n    spec:\n      containers:\n      - image: gcr.io/knative-samples/autoscale-go:0.1\n",
  "blue-green-config.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Configuration\nmetadata:\n  name: blue-green-demo\n  namespace: default\nspec:\n  template:\n    metadata:\n      labels:\n        knative.dev/type: container\n    spec:\n      containers:\n        - image: gcr.io/knative-samples/helloworld-go\n          env:\n            - name: TARGET\n              value: \"blue\"\n",
  "blue-green-route.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Route\nmetadata:\n  name: blue-green-demo\n  namespace: default\nspec:\n  traffic:\n    - revisionName: blue-green-demo-66h62 # 取得したRevision名に置き換える\n      percent: 100\n",
  "event-display-service.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Service\nmetadata:\n  name: event-display\nspec:\n  template:\n    spec:\n      containers:\n        - image: gcr.io/knative-releases/github.com/knative/eventing-sources/cmd/event_display\n",
  "cronjob-source.yaml": "apiVersion: sources.eventing.knative.dev/v1alpha1\nkind: CronJobSource\nmetadata:\n  name: cronjob-source\nspec:\n  schedule: \"*/2 * * * *\"\n  data: '{\"message\": \"Hello Eventing!\"}'\n  sink:\n    apiVersion: serving.knative.dev/v1alpha1\n    kind: Service\n    name: event-display\n",
  "pullsubscription.yaml": "apiVersion: pubsub.cloud.google.com/v1alpha1\nkind: PullSubscription\nmetadata:\n  name: testing-source-event-display\nspec:\n  topic: testing\n  sink:\n    apiVersion: serving.knative.dev/v1alpha1\n    kind: Service\n    name: event-display\n",
  "kaniko.yaml": "apiVersion: tekton.dev/v1alpha1\nkind: Task\nmetadata:\n  name: kaniko\nspec:\n  inputs:\n    params:\n    - name: DOCKERFILE\n      description: Path to the Dockerfile to build.\n      default: ./Dockerfile\n    - name: CONTEXT\n      description: The build context used by Kaniko.\n      default: ./\n    - name: EXTRA_ARGS\n      default: \"\"\n    - name: BUILDER_IMAGE\n      description: The image on which builds will run\n      default: gcr.io/kaniko-project/executor:v0.13.0\n    resources:\n    - name: source\n      type: git\n\n  outputs:\n    resources:\n    - name: image\n      type: image\n\n  steps:\n  - name: build-and-push\n    workingDir: /workspace/source\n    image: $(inputs.params.BUILDER_IMAGE)\n    # specifying DOCKER_CONFIG is required to allow kaniko to detect docker credential\n    # https://github.com/tektoncd/pipeline/pull/706\n    env:\n    - name: DOCKER_CONFIG\n      value: /tekton/home/.docker\n    command:\n    - /kaniko/executor\n    - $(inputs.params.EXTRA_ARGS)\n    - --dockerfile=$(inputs.params.DOCKERFILE)\n    - --context=/workspace/source/$(inputs.params.CONTEXT)  # The user does not need to care the workspace and the source.\n    - --destination=$(outputs.resources.image.url)\n    securityContext:\n      runAsUser: 0\n",
  "taskrun-build-kaniko-helloworld-gcr.yaml": "apiVersion: tekton.dev/v1alpha1\nkind: TaskRun\nmetadata:\n  name: build-kaniko-helloworld-gcr\nspec:\n  taskRef:\n    name: kaniko\n  inputs:\n    resources:\n    - name: source\n      resourceSpec:\n        type: git\n        params:\n        - name: url\n          value: https://github.com/knative/docs\n    params:\n    - name: DOCKERFILE\n      value: Dockerfile\n    - name: CONTEXT\n      value: docs/serving/samples/hello-world/helloworld-go/\n  outputs:\n    resources:\n    - name: image\n      resourceSpec:\n        type: image\n        params:\n        - name: url\n          # ご自身のGCPプロジェクトIDに置き換えてください\n          value: gcr.io/<your-project-id>/helloworld-go:latest\n",
  "steps/blue-green-config-green.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Configuration\nmetadata:\n  name: blue-green-demo\n  namespace: default\nspec:\n  template:\n    metadata:\n      labels:\n        knative.dev/type: container\n    spec:\n      containers:\n        - image: gcr.io/knative-samples/helloworld-go\n          env:\n            - name: TARGET\n              value: \"green\" # blueからgreenに変更\n",
  "steps/blue-green-route-tagged.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Route\nmetadata:\n  name: blue-green-demo\n  namespace: default\nspec:\n  traffic:\n    - revisionName: blue-green-demo-66h62 # blue\n      percent: 100\n    - revisionName: blue-green-demo-zdjbc # 新しく作成したRevision名、green\n      percent: 0\n      tag: v2\n",
  "steps/blue-green-route-5050.yaml": "apiVersion: serving.knative.dev/v1alpha1\nkind: Route\nmetadata:\n  name: blue-green-demo\n  namespace: default\nspec:\n  traffic:\n    - revisionName: blue-green-demo-66h62 # blue\n      percent: 50\n    - revisionName: blue-green-demo-zdjbc # green\n      percent: 50\n      tag: v2\n",
};
