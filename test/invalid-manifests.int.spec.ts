// Every invalid manifest of the shared table, written to the real NATS store on top of the
// workshop's objects: the exact error comes back and nothing in the store changes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { admit, parseManifests, RESOURCE_TYPES, ValidationError, type KubeObject } from '@knts/api';
import { NatsKvStore } from '@knts/store';
import { INVALID_MANIFESTS } from './fixtures/invalid-manifests';

const NATS_URL = process.env['TEST_NATS_URL'] ?? process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const workshop = join(__dirname, '..', 'examples', 'workshop');

let nc: NatsConnection;
let store: NatsKvStore;

/** Every object of every kind with its resourceVersion, plus each kind's list revision. */
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const type of RESOURCE_TYPES) {
    const { items, resourceVersion } = await store.list(type);
    parts.push(`${type.plural}@${resourceVersion}`, ...items.map((o) => JSON.stringify(o)));
  }
  return parts.join('\n');
}

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  store = new NatsKvStore({ connection: nc, prefix: `t-invalid-${process.pid}-${Date.now().toString(36)}`, types: RESOURCE_TYPES, admit });
  for (const file of readdirSync(workshop).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseManifests(readFileSync(join(workshop, file), 'utf8'))) await store.apply(doc as KubeObject);
  }
});

afterAll(async () => {
  await store.destroyBuckets();
  await nc.close();
});

it('has at least 30 cases', () => {
  expect(INVALID_MANIFESTS.length).toBeGreaterThanOrEqual(30);
});

describe.each(INVALID_MANIFESTS)('$name', ({ yaml, error }) => {
  it('is refused by apply and by create with the exact message, leaving the store unchanged', async () => {
    const before = await snapshot();
    for (const write of [(o: KubeObject) => store.apply(o), (o: KubeObject) => store.create(o)]) {
      const [doc] = parseManifests(yaml);
      const outcome = await write(doc as KubeObject).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(outcome).toBeInstanceOf(ValidationError);
      expect((outcome as ValidationError).message).toBe(error);
    }
    expect(await snapshot()).toBe(before);
  });
});
