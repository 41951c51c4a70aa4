// The header list sent upstream, built in one pass over the client's raw headers (Node's lazy
// `req.headers` object is never materialised on the proxy path; measured cheaper).
//
// Dropped: hop-by-hop headers (RFC 9110 §7.6.1, the list of Go's httputil.ReverseProxy) and
// Knative-internal ones the user container must never see (knative/networking header.go).
// Added: X-Forwarded-For (appended), X-Forwarded-Proto and -Host (kept when an outer proxy set
// them), and an RFC 7239 Forwarded element appended to any existing one. Host stays as sent.

export interface ScannedRequest {
  /** Flat `[name, value, ...]`, as undici and Node's rawHeaders use. */
  headers: string[];
  /** The Host header as the client sent it ('' when missing). */
  host: string;
  /** `K-Network-Probe` value, when this is a network probe. */
  probe: string | undefined;
  /** A body follows (Content-Length > 0 or Transfer-Encoding). */
  hasBody: boolean;
}

/** Hop-by-hop headers both paths drop as they are (RFC 9110 §7.6.1). */
export const PLAIN_HOP_HEADERS: readonly string[] = [
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
];

const HOP_BY_HOP = new Set([
  ...PLAIN_HOP_HEADERS,
  // Framing and protocol switches: node:http and undici redo these themselves.
  'connection',
  'transfer-encoding',
  'upgrade',
  // Node answers `Expect: 100-continue` itself; undici refuses to send it.
  'expect',
]);

/** Knative's own request headers (`knative/networking` pkg/http/header). */
export const INTERNAL_SINGLE: ReadonlySet<string> = new Set([
  'k-proxy-request',
  'k-original-host',
  'k-passthrough-lb',
  'k-kubelet-probe',
]);

function isInternal(lower: string): boolean {
  return lower.startsWith('k-network-') || lower.startsWith('knative-serving-') || INTERNAL_SINGLE.has(lower);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** An RFC 7239 value: a token as is, anything else (ports, IPv6) as a quoted string. */
export function forwardedValue(value: string): string {
  return TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`: dual-stack sockets report IPv4 clients this way. */
export function clientAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  return remote.startsWith('::ffff:') && remote.includes('.') ? remote.slice(7) : remote;
}

export function scanRequestHeaders(raw: readonly string[], clientIp: string): ScannedRequest {
  const headers: string[] = [];
  let host = '';
  let probe: string | undefined;
  let hasBody = false;
  let xff: string | undefined;
  let forwarded: string | undefined;
  let xfProto: string | undefined;
  let xfHost: string | undefined;
  let connectionTokens: string | undefined;

  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const value = raw[i + 1];
    const lower = name.toLowerCase();
    switch (lower) {
      case 'host':
        host = value;
        headers.push(name, value);
        continue;
      case 'content-length':
        if (value !== '0') hasBody = true;
        headers.push(name, value);
        continue;
      case 'transfer-encoding':
        hasBody = true;
        continue;
      case 'connection':
        connectionTokens = connectionTokens === undefined ? value : `${connectionTokens},${value}`;
        continue;
      case 'x-forwarded-for':
        xff = xff === undefined ? value : `${xff}, ${value}`;
        continue;
      case 'forwarded':
        forwarded = forwarded === undefined ? value : `${forwarded}, ${value}`;
        continue;
      case 'x-forwarded-proto':
        xfProto ??= value;
        continue;
      case 'x-forwarded-host':
        xfHost ??= value;
        continue;
      case 'k-network-probe':
        probe = value;
        continue;
    }
    if (HOP_BY_HOP.has(lower) || isInternal(lower)) continue;
    headers.push(name, value);
  }

  // Headers named in Connection are hop-by-hop too (RFC 9110 §7.6.1). Rare: a second pass.
  if (connectionTokens !== undefined) dropConnectionTokens(headers, connectionTokens);

  const forNode = clientIp.includes(':') ? `"[${clientIp}]"` : clientIp;
  let element = `for=${forNode};proto=http`;
  if (host !== '') element += `;host=${forwardedValue(host)}`;
  headers.push(
    'X-Forwarded-For',
    xff === undefined ? clientIp : `${xff}, ${clientIp}`,
    'X-Forwarded-Proto',
    xfProto ?? 'http',
    'Forwarded',
    forwarded === undefined ? element : `${forwarded}, ${element}`,
  );
  if (host !== '' || xfHost !== undefined) headers.push('X-Forwarded-Host', xfHost ?? host);
  return { headers, host, probe, hasBody };
}

function dropConnectionTokens(headers: string[], tokens: string): void {
  const named = new Set<string>();
  for (const t of tokens.split(',')) {
    const token = t.trim().toLowerCase();
    if (token !== '' && token !== 'close' && token !== 'keep-alive' && token !== 'host') named.add(token);
  }
  if (named.size === 0) return;
  let w = 0;
  for (let r = 0; r < headers.length; r += 2) {
    if (named.has(headers[r].toLowerCase())) continue;
    headers[w++] = headers[r];
    headers[w++] = headers[r + 1];
  }
  headers.length = w;
}
