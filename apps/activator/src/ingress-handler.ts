import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers an ingress request. No routing table exists yet, so every host is unknown; Knative's
 * ingress also answers 404 for a host no Route claims.
 */
export function handleIngressRequest(req: IncomingMessage, res: ServerResponse): void {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  const body = `no Route serves host ${JSON.stringify(host)}\n`;
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
