// Upstream response headers as a flat list for `res.writeHead`, without the hop-by-hop ones
// (Node frames the client response itself: chunked or Content-Length, keep-alive).
import type { IncomingHttpHeaders } from 'node:http';

const HOP_BY_HOP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'trailer', 'te', 'proxy-authenticate']);

export function responseHeaderList(headers: IncomingHttpHeaders): string[] {
  const list: string[] = [];
  for (const name in headers) {
    if (HOP_BY_HOP_RESPONSE.has(name)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === 'string') list.push(name, value);
    else for (const v of value) list.push(name, v);
  }
  return list;
}
