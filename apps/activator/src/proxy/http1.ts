// HTTP/1.1 framing for the raw-socket fast path: request heads (rewritten for the upstream),
// response heads (hop-by-hop headers dropped), and where a chunked body ends. Only what the
// fast path needs; anything unusual is reported as SLOW and left to node:http.
import { forwardedValue } from './request-headers';

/** Not for the fast path: hand the connection to node:http. */
export const SLOW = 0;
/** Body framing. */
export const BODY_NONE = 0;
export const BODY_LENGTH = 1;
export const BODY_CHUNKED = 2;
/** Response only: delimited by the upstream closing its connection. */
export const BODY_CLOSE = 3;

/** Request and response heads larger than this go to node:http (431) / count as a bad gateway. */
export const MAX_HEAD_BYTES = 16 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const METHOD = /^[A-Z]+$/;
const DIGITS = /^\d{1,15}$/;

export interface RequestHead {
  /** Offset just past the blank line. */
  end: number;
  /** The head to write upstream, latin1. */
  out: string;
  host: string;
  isHead: boolean;
  bodyKind: number;
  contentLength: number;
  /** The client asked to close after this exchange. */
  close: boolean;
}

/** Per client connection: the forwarding headers for its last Host (the client IP is fixed). */
export class ForwardingCache {
  host = '';
  tail = '';
  constructor(readonly clientIp: string) {}
}

const HOP_OR_INTERNAL = new Set([
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'k-proxy-request',
  'k-original-host',
  'k-passthrough-lb',
  'k-kubelet-probe',
]);

/**
 * Parses the request head at `start` of `buf`: undefined while incomplete, SLOW for anything
 * node:http should handle (HTTP/1.0, Expect, Upgrade, Connection naming headers, probes, odd
 * framing or syntax), else the head to send upstream with X-Forwarded-* and Forwarded added
 * and hop-by-hop / Knative-internal headers removed (the same rules as scanRequestHeaders).
 */
export function parseRequestHead(buf: Buffer, start: number, fwd: ForwardingCache): RequestHead | undefined | typeof SLOW {
  const crlf2 = buf.indexOf(CRLFCRLF, start);
  if (crlf2 < 0) return buf.length - start > MAX_HEAD_BYTES ? SLOW : undefined;
  if (crlf2 - start > MAX_HEAD_BYTES) return SLOW;
  const head = buf.toString('latin1', start, crlf2);
  const lines = head.split('\r\n');
  const requestLine = lines[0];
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || requestLine.slice(sp2 + 1) !== 'HTTP/1.1' || requestLine.charCodeAt(sp1 + 1) !== 47 /* / */) return SLOW;
  const method = requestLine.slice(0, sp1);
  if (!METHOD.test(method) || method === 'CONNECT' || requestLine.includes('\n')) return SLOW;

  let out = requestLine + '\r\n';
  let host: string | undefined;
  let bodyKind = BODY_NONE;
  let contentLength = 0;
  let close = false;
  let xff: string | undefined;
  let forwarded: string | undefined;
  let xfProto: string | undefined;
  let xfHost: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0 || line.includes('\n')) return SLOW;
    const first = line.charCodeAt(0);
    const last = line.charCodeAt(colon - 1);
    if (first === 32 || first === 9 || last === 32 || last === 9) return SLOW; // obs-fold, space before colon
    const lower = line.slice(0, colon).toLowerCase();
    switch (lower) {
      case 'host':
        if (host !== undefined) return SLOW;
        host = line.slice(colon + 1).trim();
        out += line + '\r\n';
        continue;
      case 'content-length': {
        const value = line.slice(colon + 1).trim();
        if (bodyKind !== BODY_NONE || !DIGITS.test(value)) return SLOW;
        contentLength = Number(value);
        if (contentLength > 0) bodyKind = BODY_LENGTH;
        else bodyKind = -1; // seen, zero
        out += line + '\r\n';
        continue;
      }
      case 'transfer-encoding':
        if (bodyKind !== BODY_NONE || line.slice(colon + 1).trim().toLowerCase() !== 'chunked') return SLOW;
        bodyKind = BODY_CHUNKED;
        // Forwarded as is: the fast path copies the chunked framing unchanged.
        out += line + '\r\n';
        continue;
      case 'connection': {
        for (const token of line.slice(colon + 1).split(',')) {
          const t = token.trim().toLowerCase();
          if (t === 'close') close = true;
          else if (t !== 'keep-alive' && t !== '') return SLOW; // upgrade, or headers named as hop-by-hop
        }
        continue;
      }
      case 'x-forwarded-for': {
        const value = line.slice(colon + 1).trim();
        xff = xff === undefined ? value : `${xff}, ${value}`;
        continue;
      }
      case 'forwarded': {
        const value = line.slice(colon + 1).trim();
        forwarded = forwarded === undefined ? value : `${forwarded}, ${value}`;
        continue;
      }
      case 'x-forwarded-proto':
        xfProto ??= line.slice(colon + 1).trim();
        continue;
      case 'x-forwarded-host':
        xfHost ??= line.slice(colon + 1).trim();
        continue;
      case 'expect':
      case 'upgrade':
      case 'k-network-probe':
        return SLOW;
    }
    if (HOP_OR_INTERNAL.has(lower) || lower.startsWith('k-network-') || lower.startsWith('knative-serving-')) continue;
    out += line + '\r\n';
  }
  if (host === undefined || host === '') return SLOW;
  if (bodyKind === -1) bodyKind = BODY_NONE;

  if (xff === undefined && forwarded === undefined && xfProto === undefined && xfHost === undefined) {
    // The common case: the same tail for every request of this connection to this Host.
    if (fwd.host !== host) {
      fwd.host = host;
      fwd.tail = forwardingTail(fwd.clientIp, host, undefined, undefined, undefined, undefined);
    }
    out += fwd.tail;
  } else {
    out += forwardingTail(fwd.clientIp, host, xff, forwarded, xfProto, xfHost);
  }
  return { end: crlf2 + 4, out, host, isHead: method === 'HEAD', bodyKind, contentLength, close };
}

function forwardingTail(
  clientIp: string,
  host: string,
  xff: string | undefined,
  forwarded: string | undefined,
  xfProto: string | undefined,
  xfHost: string | undefined,
): string {
  const forNode = clientIp.includes(':') ? `"[${clientIp}]"` : clientIp;
  const element = `for=${forNode};proto=http;host=${forwardedValue(host)}`;
  return (
    `X-Forwarded-For: ${xff === undefined ? clientIp : `${xff}, ${clientIp}`}\r\n` +
    `X-Forwarded-Proto: ${xfProto ?? 'http'}\r\n` +
    `Forwarded: ${forwarded === undefined ? element : `${forwarded}, ${element}`}\r\n` +
    `X-Forwarded-Host: ${xfHost ?? host}\r\n\r\n`
  );
}

export interface ResponseHead {
  end: number;
  status: number;
  /** The head for the client without hop-by-hop headers and without the blank line. */
  out: string;
  bodyKind: number;
  contentLength: number;
  /** The upstream connection may carry another request afterwards. */
  reusable: boolean;
}

const HOP_BY_HOP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'trailer', 'te', 'proxy-authenticate']);
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

/** Parses an upstream response head: undefined while incomplete, null when malformed. */
export function parseResponseHead(buf: Buffer, requestIsHead: boolean): ResponseHead | undefined | null {
  const crlf2 = buf.indexOf(CRLFCRLF);
  if (crlf2 < 0) return buf.length > MAX_HEAD_BYTES ? null : undefined;
  const lines = buf.toString('latin1', 0, crlf2).split('\r\n');
  const m = STATUS_LINE.exec(lines[0]);
  if (!m) return null;
  const status = Number(m[2]);
  let reusable = m[1] === '1';
  let out = lines[0] + '\r\n';
  let chunked = false;
  let otherCoding = false;
  let contentLength = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0 || line.includes('\n')) return null;
    const lower = line.slice(0, colon).toLowerCase();
    if (lower === 'content-length') {
      const value = line.slice(colon + 1).trim();
      if (!DIGITS.test(value) || (contentLength >= 0 && Number(value) !== contentLength)) return null;
      contentLength = Number(value);
    } else if (lower === 'transfer-encoding') {
      const codings = line.slice(colon + 1).trim().toLowerCase();
      chunked = codings === 'chunked' || codings.endsWith(', chunked') || codings.endsWith(',chunked');
      otherCoding = !chunked;
    } else if (HOP_BY_HOP_RESPONSE.has(lower)) {
      if (lower === 'connection' && line.toLowerCase().includes('close')) reusable = false;
      continue;
    }
    out += line + '\r\n';
  }
  let bodyKind: number;
  if (requestIsHead || status === 204 || status === 304 || (status >= 100 && status < 200)) bodyKind = BODY_NONE;
  else if (chunked) bodyKind = BODY_CHUNKED;
  else if (otherCoding || contentLength < 0) {
    bodyKind = BODY_CLOSE;
    reusable = false;
  } else bodyKind = contentLength === 0 ? BODY_NONE : BODY_LENGTH;
  return { end: crlf2 + 4, status, out, bodyKind, contentLength: Math.max(contentLength, 0), reusable };
}

const S_SIZE = 0;
const S_EXT = 1;
const S_SIZE_LF = 2;
const S_DATA = 3;
const S_DATA_CR = 4;
const S_DATA_LF = 5;
const S_TRAILER_START = 6;
const S_TRAILER_LINE = 7;
const S_END_LF = 8;

/** Finds where a chunked body ends, across as many buffers as it arrives in. */
export class ChunkedScanner {
  private state = S_SIZE;
  private size = 0;
  private digits = 0;

  reset(): void {
    this.state = S_SIZE;
    this.size = 0;
    this.digits = 0;
  }

  /** The offset just past the body's end in `buf` (from `start`), -1 if not there yet, -2 if malformed. */
  scan(buf: Buffer, start: number): number {
    const n = buf.length;
    let i = start;
    while (i < n) {
      const c = buf[i];
      switch (this.state) {
        case S_SIZE: {
          const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
          if (v >= 0) {
            if (++this.digits > 12) return -2;
            this.size = this.size * 16 + v;
          } else if (this.digits === 0) return -2;
          else if (c === 13) this.state = S_SIZE_LF;
          else if (c === 59 || c === 32 || c === 9) this.state = S_EXT;
          else return -2;
          i++;
          break;
        }
        case S_EXT:
          if (c === 13) this.state = S_SIZE_LF;
          i++;
          break;
        case S_SIZE_LF:
          if (c !== 10) return -2;
          this.state = this.size === 0 ? S_TRAILER_START : S_DATA;
          i++;
          break;
        case S_DATA: {
          const take = Math.min(this.size, n - i);
          this.size -= take;
          i += take;
          if (this.size === 0) this.state = S_DATA_CR;
          break;
        }
        case S_DATA_CR:
          if (c !== 13) return -2;
          this.state = S_DATA_LF;
          i++;
          break;
        case S_DATA_LF:
          if (c !== 10) return -2;
          this.state = S_SIZE;
          this.digits = 0;
          i++;
          break;
        case S_TRAILER_START:
          this.state = c === 13 ? S_END_LF : S_TRAILER_LINE;
          i++;
          break;
        case S_TRAILER_LINE:
          if (c === 10) this.state = S_TRAILER_START;
          i++;
          break;
        case S_END_LF:
          if (c !== 10) return -2;
          this.reset();
          return i + 1;
      }
    }
    return -1;
  }
}
