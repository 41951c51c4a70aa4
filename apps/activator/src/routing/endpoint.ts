// One ready replica of a Revision as the proxy sees it. Plain fields: read on every request.
import type { Dispatcher } from 'undici';
import type { UpstreamPool } from '../proxy/fast-path';

export class Endpoint {
  /** `http://ip:port`, the connection pool's origin. */
  readonly origin: string;
  /** The keep-alive pool to this endpoint, opened by the proxy on first use. */
  dispatcher: Dispatcher | undefined = undefined;
  /** The fast path's keep-alive sockets to this endpoint, opened on first use. */
  fastPool: UpstreamPool | undefined = undefined;
  /** Refused a connection: out of rotation until its Pod reports Ready again. */
  refused = false;

  constructor(
    readonly podKey: string,
    readonly host: string,
    readonly port: number,
  ) {
    this.origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
}
