// A raw node:http listener for data-plane traffic (activator ingress, broker ingress): no
// framework on the hot path. Owns bind, readiness and the graceful close.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DataPlaneServerOptions {
  host: string;
  port: number;
  handler: RequestListener;
}

export class DataPlaneServer {
  readonly server: Server;

  constructor(private readonly options: DataPlaneServerOptions) {
    this.server = createServer(options.handler);
  }

  /** Binds; rejects (e.g. EADDRINUSE) so a service whose port is taken fails at boot. */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /**
   * Stops accepting connections and lets in-flight requests finish; connections still busy
   * after `graceMs` are cut so shutdown stays within its budget.
   */
  async close(graceMs: number): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), graceMs);
    try {
      await closed;
    } finally {
      clearTimeout(force);
    }
  }
}
