import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers a broker ingress request. No Broker is reconciled yet, so every `/{namespace}/{name}`
 * is unknown: 404, as Knative's broker ingress answers for a broker it does not know.
 */
export function handleBrokerIngressRequest(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  const body = `no Broker at ${path}\n`;
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
