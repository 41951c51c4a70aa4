// HTTP/1.1 framing for the raw-socket fast path: request heads (rewritten for the upstream),
// response heads (hop-by-hop headers dropped), and where a chunked body ends. Only what the
// fast path needs; anything unusual is reported as SLOW and left to node:http.
import { forwardedValue, INTERNAL_SINGLE, PLAIN_HOP_HEADERS } from './request-headers';

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
  /** `[from, to)` byte ranges of the client's head to send upstream, request line included. */
  ranges: number[];
  /** Added after the ranges: X-Forwarded-*, Forwarded, and the blank line. */
  tail: string;
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

const HOP_OR_INTERNAL = new Set([...PLAIN_HOP_HEADERS, ...INTERNAL_SINGLE]);

/**
 * Whether a header name (by its first character, lowercased) can be one the proxy reads or
 * drops: c(onnection, ontent-length), e(xpect), f(orwarded), h(ost), k(-*, native-serving-*),
 * p(roxy-*), t(e, railer, ransfer-encoding), u(pgrade), x(-forwarded-*). Other names are kept
 * without lowercasing them (one string allocation less per header).
 */
const INTERESTING_FIRST = new Uint8Array(128);
for (const c of 'cefhkptux') INTERESTING_FIRST[c.charCodeAt(0)] = 1;

/** Drops `[from, to)` out of the kept ranges (which start as one range over the whole head). */
function cut(ranges: number[], from: number, to: number): void {
  const last = ranges.length - 1;
  const keptEnd = ranges[last];
  ranges[last] = from;
  ranges.push(to, keptEnd);
}

/**
 * Parses the request head at the start of `buf`: undefined while incomplete, SLOW for anything
 * node:http should handle (HTTP/1.0, Expect, Upgrade, Connection naming headers, probes, odd
 * framing or syntax), else what to send upstream: the client's own bytes minus hop-by-hop and
 * Knative-internal header lines, then X-Forwarded-* and Forwarded (the rules of
 * scanRequestHeaders). Indexes into the latin1 string are byte offsets into `buf`.
 */
export function parseRequestHead(buf: Buffer, fwd: ForwardingCache): RequestHead | undefined | typeof SLOW {
  const crlf2 = buf.indexOf(CRLFCRLF);
  if (crlf2 < 0) return buf.length > MAX_HEAD_BYTES ? SLOW : undefined;
  if (crlf2 > MAX_HEAD_BYTES) return SLOW;
  const head = buf.toString('latin1', 0, crlf2 + 2);
  if (head.indexOf('\n') !== head.indexOf('\r\n') + 1) return SLOW; // a bare LF in the request line
  let lineEnd = head.indexOf('\r\n');
  const sp1 = head.indexOf(' ');
  const sp2 = head.indexOf(' ', sp1 + 1);
  if (
    sp1 <= 0 ||
    sp2 < 0 ||
    sp2 + 9 !== lineEnd ||
    !head.startsWith('HTTP/1.1', sp2 + 1) ||
    head.charCodeAt(sp1 + 1) !== 47 /* / */
  )
    return SLOW;
  const method = head.slice(0, sp1);
  if (!METHOD.test(method) || method === 'CONNECT') return SLOW;

  const ranges = [0, crlf2 + 2];
  let host: string | undefined;
  let bodyKind = BODY_NONE;
  let contentLength = 0;
  let close = false;
  let xff: string | undefined;
  let forwarded: string | undefined;
  let xfProto: string | undefined;
  let xfHost: string | undefined;
  for (let at = lineEnd + 2; at < crlf2 + 2; at = lineEnd + 2) {
    lineEnd = head.indexOf('\r\n', at);
    const colon = head.indexOf(':', at);
    if (colon <= at || colon > lineEnd) return SLOW;
    const first = head.charCodeAt(at);
    const last = head.charCodeAt(colon - 1);
    if (first === 32 || first === 9 || last === 32 || last === 9) return SLOW; // obs-fold, space before colon
    if (head.indexOf('\n', at) !== lineEnd + 1) return SLOW; // bare LF
    if (first >= 128 || INTERESTING_FIRST[first | 0x20] === 0) continue;
    const lower = head.slice(at, colon).toLowerCase();
    switch (lower) {
      case 'host':
        if (host !== undefined) return SLOW;
        host = head.slice(colon + 1, lineEnd).trim();
        continue;
      case 'content-length': {
        const value = head.slice(colon + 1, lineEnd).trim();
        if (bodyKind !== BODY_NONE || !DIGITS.test(value)) return SLOW;
        contentLength = Number(value);
        bodyKind = contentLength > 0 ? BODY_LENGTH : -1; // -1: seen, zero
        continue;
      }
      case 'transfer-encoding':
        if (
          bodyKind !== BODY_NONE ||
          head
            .slice(colon + 1, lineEnd)
            .trim()
            .toLowerCase() !== 'chunked'
        )
          return SLOW;
        bodyKind = BODY_CHUNKED; // forwarded as is: the fast path copies the chunked framing
        continue;
      case 'connection': {
        for (const token of head.slice(colon + 1, lineEnd).split(',')) {
          const t = token.trim().toLowerCase();
          if (t === 'close') close = true;
          else if (t !== 'keep-alive' && t !== '') return SLOW; // upgrade, or headers named as hop-by-hop
        }
        cut(ranges, at, lineEnd + 2);
        continue;
      }
      case 'x-forwarded-for': {
        const value = head.slice(colon + 1, lineEnd).trim();
        xff = xff === undefined ? value : `${xff}, ${value}`;
        cut(ranges, at, lineEnd + 2);
        continue;
      }
      case 'forwarded': {
        const value = head.slice(colon + 1, lineEnd).trim();
        forwarded = forwarded === undefined ? value : `${forwarded}, ${value}`;
        cut(ranges, at, lineEnd + 2);
        continue;
      }
      case 'x-forwarded-proto':
        xfProto ??= head.slice(colon + 1, lineEnd).trim();
        cut(ranges, at, lineEnd + 2);
        continue;
      case 'x-forwarded-host':
        xfHost ??= head.slice(colon + 1, lineEnd).trim();
        cut(ranges, at, lineEnd + 2);
        continue;
      case 'expect':
      case 'upgrade':
      case 'k-network-probe':
        return SLOW;
    }
    if (HOP_OR_INTERNAL.has(lower) || lower.startsWith('k-network-') || lower.startsWith('knative-serving-'))
      cut(ranges, at, lineEnd + 2);
  }
  if (host === undefined || host === '') return SLOW;
  if (bodyKind === -1) bodyKind = BODY_NONE;

  let tail: string;
  if (xff === undefined && forwarded === undefined && xfProto === undefined && xfHost === undefined) {
    // The common case: the same tail for every request of this connection to this Host.
    if (fwd.host !== host) {
      fwd.host = host;
      fwd.tail = forwardingTail(fwd.clientIp, host, undefined, undefined, undefined, undefined);
    }
    tail = fwd.tail;
  } else {
    tail = forwardingTail(fwd.clientIp, host, xff, forwarded, xfProto, xfHost);
  }
  return { end: crlf2 + 4, ranges, tail, host, isHead: method === 'HEAD', bodyKind, contentLength, close };
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
  /** `[from, to)` byte ranges of the upstream head for the client, without hop-by-hop lines and the blank line. */
  ranges: number[];
  bodyKind: number;
  contentLength: number;
  /** The upstream connection may carry another request afterwards. */
  reusable: boolean;
}

const HOP_BY_HOP_RESPONSE = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'trailer',
  'te',
  'proxy-authenticate',
]);

/** Parses an upstream response head: undefined while incomplete, null when malformed. */
export function parseResponseHead(buf: Buffer, requestIsHead: boolean): ResponseHead | undefined | null {
  const crlf2 = buf.indexOf(CRLFCRLF);
  if (crlf2 < 0) return buf.length > MAX_HEAD_BYTES ? null : undefined;
  const head = buf.toString('latin1', 0, crlf2 + 2);
  // "HTTP/1.x SSS"
  if (!head.startsWith('HTTP/1.') || head.charCodeAt(8) !== 32) return null;
  const minor = head.charCodeAt(7);
  const status = Number(head.slice(9, 12));
  if (
    (minor !== 48 && minor !== 49) ||
    !(status >= 100 && status <= 999) ||
    (head.length > 12 && head.charCodeAt(12) !== 32 && head.charCodeAt(12) !== 13)
  )
    return null;
  let reusable = minor === 49;
  const ranges = [0, crlf2 + 2];
  let chunked = false;
  let otherCoding = false;
  let contentLength = -1;
  let lineEnd = head.indexOf('\r\n');
  for (let at = lineEnd + 2; at < crlf2 + 2; at = lineEnd + 2) {
    lineEnd = head.indexOf('\r\n', at);
    const colon = head.indexOf(':', at);
    if (colon <= at || colon > lineEnd) return null;
    const first = head.charCodeAt(at) | 0x20;
    // Only c(onnection, ontent-length), k(eep-alive), p(roxy-*), t(e, railer, ransfer-encoding), u(pgrade) matter.
    if (first !== 99 && first !== 107 && first !== 112 && first !== 116 && first !== 117) continue;
    const lower = head.slice(at, colon).toLowerCase();
    if (lower === 'content-length') {
      const value = head.slice(colon + 1, lineEnd).trim();
      if (!DIGITS.test(value) || (contentLength >= 0 && Number(value) !== contentLength)) return null;
      contentLength = Number(value);
    } else if (lower === 'transfer-encoding') {
      const codings = head
        .slice(colon + 1, lineEnd)
        .trim()
        .toLowerCase();
      chunked = codings === 'chunked' || codings.endsWith(', chunked') || codings.endsWith(',chunked');
      otherCoding = !chunked;
    } else if (HOP_BY_HOP_RESPONSE.has(lower)) {
      if (
        lower === 'connection' &&
        head
          .slice(colon + 1, lineEnd)
          .toLowerCase()
          .includes('close')
      )
        reusable = false;
      cut(ranges, at, lineEnd + 2);
    }
  }
  let bodyKind: number;
  if (requestIsHead || status === 204 || status === 304 || (status >= 100 && status < 200)) bodyKind = BODY_NONE;
  else if (chunked) bodyKind = BODY_CHUNKED;
  else if (otherCoding || contentLength < 0) {
    bodyKind = BODY_CLOSE;
    reusable = false;
  } else bodyKind = contentLength === 0 ? BODY_NONE : BODY_LENGTH;
  return { end: crlf2 + 4, status, ranges, bodyKind, contentLength: Math.max(contentLength, 0), reusable };
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
