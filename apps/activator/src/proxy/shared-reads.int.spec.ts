import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { sendNow } from './fast-path';
import { detach, READ_BUFFER, readIntoSharedBuffer, sharedReadOption } from './shared-reads';
import { socketPair, socketPairPerTest } from './socket-pair.spec-helper';

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('shared reads (accepted sockets read into one buffer, past node:stream)', () => {
  const current = socketPairPerTest();
  let accepted: Promise<Socket>;
  let client: Socket;
  beforeEach(() => ({ accepted, client } = current()));

  it('is available on this Node: bytes come to the callback in READ_BUFFER, not as data events, then end', async () => {
    const peer = await accepted;
    const received: Buffer[] = [];
    let viewsOfShared = 0;
    expect(
      readIntoSharedBuffer(peer, (nread, buf) => {
        if (buf.buffer === READ_BUFFER.buffer) viewsOfShared++;
        received.push(detach(READ_BUFFER.subarray(0, nread)));
        return true;
      }),
    ).toBe(true);
    let dataEvents = 0;
    peer.on('data', () => dataEvents++);
    const sent = randomBytes(3 * 1024 * 1024);
    client.end(sent);
    await once(peer, 'end');
    expect(digest(Buffer.concat(received))).toBe(digest(sent));
    expect(viewsOfShared).toBe(received.length);
    expect(dataEvents).toBe(0);
  });

  it('stops reading on pause() and goes on after resume()', async () => {
    const peer = await accepted;
    let reads = 0;
    readIntoSharedBuffer(peer, () => {
      reads++;
      return true;
    });
    client.write('one');
    while (reads === 0) await new Promise((r) => setTimeout(r, 5));
    peer.pause();
    const before = reads;
    client.write('two');
    await new Promise((r) => setTimeout(r, 100));
    expect(reads).toBe(before);
    peer.resume();
    while (reads === before) await new Promise((r) => setTimeout(r, 5));
    expect(reads).toBe(before + 1);
  });

  it('refuses a socket that reads into a buffer of its own already', async () => {
    const own = connect({ port: (current().server.address() as AddressInfo).port, host: '127.0.0.1', onread: sharedReadOption(() => true) });
    await once(own, 'connect');
    expect(readIntoSharedBuffer(own, () => true)).toBe(false);
    own.destroy();
  });
});

describe('detach', () => {
  it('copies views of READ_BUFFER only', () => {
    READ_BUFFER.write('volatile', 0, 'latin1');
    const view = READ_BUFFER.subarray(0, 8);
    const kept = detach(view);
    READ_BUFFER.write('replaced', 0, 'latin1');
    expect(kept.toString('latin1')).toBe('volatile');
    const own = Buffer.from('mine');
    expect(detach(own)).toBe(own);
  });

  it('keeps what sendNow had to queue intact when READ_BUFFER is reused', async () => {
    const pair = await socketPair();
    const { client } = pair;
    const peer = await pair.accepted;
    peer.pause();
    // Fill the socket buffers so that the next write is (partly) queued by node:net.
    const filler = randomBytes(24 * 1024 * 1024);
    sendNow(client, filler);
    const payload = randomBytes(READ_BUFFER.length);
    payload.copy(READ_BUFFER);
    expect(sendNow(client, READ_BUFFER)).toBe(false);
    READ_BUFFER.fill(0); // the next read would overwrite it
    client.end();
    const received: Buffer[] = [];
    peer.on('data', (d: Buffer) => received.push(d));
    peer.resume();
    await once(peer, 'end');
    expect(digest(Buffer.concat(received))).toBe(digest(Buffer.concat([filler, payload])));
    await pair.close();
  });
});
