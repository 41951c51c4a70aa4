import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { sendNow } from './fast-path';
import { socketPairPerTest } from './socket-pair.spec-helper';

describe('sendNow (write(2) on the socket, node:net for the rest)', () => {
  const current = socketPairPerTest();
  let accepted: Promise<Socket>;
  let client: Socket;
  beforeEach(() => ({ accepted, client } = current()));

  it('delivers every byte in order when the kernel takes only part (a reader that waits)', async () => {
    const peer = await accepted;
    peer.pause();
    const chunks = [randomBytes(24 * 1024 * 1024), randomBytes(100), randomBytes(5 * 1024 * 1024)];
    const ok = chunks.map((c) => sendNow(client, c));
    // 29 MiB do not fit in loopback socket buffers: the rest was queued by node:net.
    expect(ok).toEqual([false, false, false]);
    expect(client.writableLength).toBeGreaterThan(0);
    client.end();
    const received: Buffer[] = [];
    peer.on('data', (d: Buffer) => received.push(d));
    peer.resume();
    await once(peer, 'end');
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(digest(Buffer.concat(received))).toBe(digest(Buffer.concat(chunks)));
  });

  it('writes straight to the socket when nothing is queued', async () => {
    const peer = await accepted;
    expect(sendNow(client, Buffer.from('hello'))).toBe(true);
    expect(client.writableLength).toBe(0);
    const [data] = (await once(peer, 'data')) as [Buffer];
    expect(data.toString()).toBe('hello');
  });

  it('fails as node:net does once the socket has ended', async () => {
    client.end();
    const error = once(client, 'error');
    sendNow(client, Buffer.from('late'));
    const [err] = (await error) as [Error & { code?: string }];
    expect(err.code).toBe('ERR_STREAM_WRITE_AFTER_END');
  });
});
