// Two ends of one real loopback TCP connection, for tests of socket-level helpers.
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface SocketPair {
  server: Server;
  /** The end node:net accepted (resolves with the 'connection' event). */
  accepted: Promise<Socket>;
  /** The end we opened, connected. */
  client: Socket;
  close(): Promise<void>;
}

export async function socketPair(): Promise<SocketPair> {
  const server = createServer();
  const accepted = once(server, 'connection').then(([s]) => s as Socket);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  return {
    server,
    accepted,
    client,
    async close() {
      client.destroy();
      (await accepted).destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A fresh pair for each test of the enclosing describe, closed after it; call the result inside a test. */
export function socketPairPerTest(): () => SocketPair {
  let pair: SocketPair | undefined;
  beforeEach(async () => {
    pair = await socketPair();
  });
  afterEach(() => pair?.close());
  return () => {
    if (!pair) throw new Error('socketPairPerTest: no pair outside a test');
    return pair;
  };
}
