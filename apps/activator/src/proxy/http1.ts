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
  /**
   * The last Host value parsed, returned again while the client sends the same bytes: the
   * route lookup hashes it, and a string it has seen keeps its hash (a fresh slice does not).
   */
  lastHost = '';
  constructor(readonly clientIp: string) {}
}

// The parsers below read the head's bytes where they are, with no string for the head and none
// per header line: a name the proxy does not care about costs its length and first byte, one it
// does a case-insensitive compare, and only values the proxy keeps become (latin1) strings.
// They are on the hot path: ~11% of the activator's CPU at 1000 rps with a string per line.

/**
 * Where the first CRLFCRLF starts (at or before `last`), else -1. Reads the byte where a match
 * would end and skips as far as it allows, 4 when it is neither CR nor LF: most bytes are never
 * read, cheaper than Buffer#indexOf's native call at these sizes.
 */
function headEnd(buf: Buffer, last: number): number {
  const n = Math.min(buf.length, last + 4);
  let i = 3;
  while (i < n) {
    const c = buf[i];
    if (c === 10) {
      if (buf[i - 1] === 13 && buf[i - 2] === 10 && buf[i - 3] === 13) return i - 3;
      i += 2;
    } else i += c === 13 ? 1 : 4;
  }
  return -1;
}

/** What String.prototype.trim strips, within latin1: HTAB, LF, VT, FF, CR, SP, NBSP. */
function isTrimmed(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
}

function trimStart(buf: Buffer, from: number, to: number): number {
  while (from < to && isTrimmed(buf[from])) from++;
  return from;
}

function trimEnd(buf: Buffer, from: number, to: number): number {
  while (to > from && isTrimmed(buf[to - 1])) to--;
  return to;
}

/**
 * Whether `buf` holds `lower` (a lowercase constant) at `at`, its letters in either case. Only
 * letters fold: `c | 0x20` would also take '\r' for '-'. (No latin1 char lowercases to ASCII,
 * so this is `latin1.toLowerCase() === lower`.)
 */
function matchesLower(buf: Buffer, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const l = lower.charCodeAt(i);
    const c = buf[at + i];
    if (c !== l && (l < 97 || l > 122 || c !== l - 32)) return false;
  }
  return true;
}

/** Whether `buf[from, to)` are the char codes of `s`. */
function bytesAre(buf: Buffer, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (buf[from + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** The value of 1–15 ASCII digits (no sign, no exponent: a safe integer), else -1. */
function digitsValue(buf: Buffer, from: number, to: number): number {
  if (to - from < 1 || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

interface HeaderName {
  lower: string;
  first: number;
  kind: number;
}

// What a header name means to the parsers (each reads only some).
/** Kept as is. */
const OTHER = 0;
/** Dropped from what is forwarded. */
const CUT = 1;
/** Request only: left to node:http. */
const SLOW_NAME = 2;
const HOST = 3;
const CONTENT_LENGTH = 4;
const TRANSFER_ENCODING = 5;
const CONNECTION = 6;
const X_FORWARDED_FOR = 7;
const FORWARDED = 8;
const X_FORWARDED_PROTO = 9;
const X_FORWARDED_HOST = 10;

/** Names by length (every length up to the longest has its array), the earlier entry winning. */
function byLength(names: [string, number][]): HeaderName[][] {
  const table: HeaderName[][] = [];
  for (const [lower, kind] of names) {
    while (table.length <= lower.length) table.push([]);
    table[lower.length].push({ lower, first: lower.charCodeAt(0), kind });
  }
  return table;
}

/** The kind of the `length`-byte header name at `at`: most names are ruled out by their length or first byte. */
function kindOf(table: HeaderName[][], buf: Buffer, at: number, length: number): number {
  if (length >= table.length) return OTHER;
  const names = table[length];
  const first = buf[at] | 0x20; // a quick filter: matchesLower compares the first byte properly
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name.first === first && matchesLower(buf, at, name.lower)) return name.kind;
  }
  return OTHER;
}

const REQUEST_NAMES = byLength([
  ['host', HOST],
  ['content-length', CONTENT_LENGTH],
  ['transfer-encoding', TRANSFER_ENCODING],
  ['connection', CONNECTION],
  ['x-forwarded-for', X_FORWARDED_FOR],
  ['forwarded', FORWARDED],
  ['x-forwarded-proto', X_FORWARDED_PROTO],
  ['x-forwarded-host', X_FORWARDED_HOST],
  ['expect', SLOW_NAME],
  ['upgrade', SLOW_NAME],
  ['k-network-probe', SLOW_NAME],
  ...[...PLAIN_HOP_HEADERS, ...INTERNAL_SINGLE].map((name): [string, number] => [name, CUT]),
]);

/** Names the proxy reads or drops from a request; k-network-* and knative-serving-* are cut too. */
function requestHeaderKind(buf: Buffer, at: number, length: number): number {
  const kind = kindOf(REQUEST_NAMES, buf, at, length);
  if (kind !== OTHER || (buf[at] | 0x20) !== 107 /* k */) return kind;
  return (length >= 10 && matchesLower(buf, at, 'k-network-')) ||
    (length >= 16 && matchesLower(buf, at, 'knative-serving-'))
    ? CUT
    : OTHER;
}

/**
 * A request's Connection tokens (comma-separated, trimmed, any case): 1 when one is close, 0
 * for keep-alive or empty ones only, -1 for anything else (upgrade, or headers named as hop-by-hop).
 */
function connectionTokens(buf: Buffer, from: number, to: number): number {
  let close = 0;
  for (let start = from; start <= to;) {
    let end = start;
    while (end < to && buf[end] !== 44 /* , */) end++;
    const a = trimStart(buf, start, end);
    const b = trimEnd(buf, a, end);
    if (b - a === 5 && matchesLower(buf, a, 'close')) close = 1;
    else if (b !== a && !(b - a === 10 && matchesLower(buf, a, 'keep-alive'))) return -1;
    start = end + 1;
  }
  return close;
}

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
 * scanRequestHeaders).
 */
export function parseRequestHead(buf: Buffer, fwd: ForwardingCache): RequestHead | undefined | typeof SLOW {
  // Nothing is judged before the head is complete: until then even a bad one is undefined.
  const crlf2 = headEnd(buf, MAX_HEAD_BYTES);
  if (crlf2 < 0) return buf.length > MAX_HEAD_BYTES ? SLOW : undefined;
  const end = crlf2 + 2;
  // "METHOD /target HTTP/1.1\r\n": the method in uppercase letters, no space and no LF in the
  // target. Here and below, a scan for a LF ends at the blank line's at the latest.
  let sp1 = 0;
  for (let c = buf[0]; c >= 65 && c <= 90; c = buf[sp1]) sp1++;
  if (sp1 === 0 || buf[sp1] !== 32 || buf[sp1 + 1] !== 47 /* / */) return SLOW;
  let sp2 = sp1 + 1;
  for (let c = buf[sp2]; c !== 32; c = buf[++sp2]) if (c === 10) return SLOW;
  if (!bytesAre(buf, sp2, sp2 + 11, ' HTTP/1.1\r\n') || (sp1 === 7 && bytesAre(buf, 0, 7, 'CONNECT'))) return SLOW;

  const ranges = [0, end];
  let host: string | undefined;
  let bodyKind = BODY_NONE;
  let contentLength = 0;
  let close = false;
  let xff: string | undefined;
  let forwarded: string | undefined;
  let xfProto: string | undefined;
  let xfHost: string | undefined;
  let next = 0;
  for (let at = sp2 + 11; at < end; at = next) {
    // The name runs to the colon; a LF first is a bare LF or a line without a colon.
    let colon = at;
    for (let c = buf[colon]; c !== 58 /* : */; c = buf[++colon]) if (c === 10) return SLOW;
    // A line ends at its first LF, which must follow a CR (a bare LF is a smuggling vector).
    let lf = colon + 1;
    while (buf[lf] !== 10) lf++;
    if (colon === at || buf[lf - 1] !== 13) return SLOW;
    const lineEnd = lf - 1;
    next = lf + 1;
    const first = buf[at];
    const last = buf[colon - 1];
    if (first === 32 || first === 9 || last === 32 || last === 9) return SLOW; // obs-fold, space before colon
    const kind = requestHeaderKind(buf, at, colon - at);
    if (kind === OTHER) continue;
    if (kind === SLOW_NAME) return SLOW;
    const from = trimStart(buf, colon + 1, lineEnd);
    const to = trimEnd(buf, from, lineEnd);
    switch (kind) {
      case HOST: {
        if (host !== undefined) return SLOW;
        // The same string as the last request's while the bytes are (see ForwardingCache.lastHost).
        host = bytesAre(buf, from, to, fwd.lastHost) ? fwd.lastHost : (fwd.lastHost = buf.toString('latin1', from, to));
        continue;
      }
      case CONTENT_LENGTH:
        contentLength = digitsValue(buf, from, to);
        if (bodyKind !== BODY_NONE || contentLength < 0) return SLOW;
        bodyKind = contentLength > 0 ? BODY_LENGTH : -1; // -1: seen, zero
        continue;
      case TRANSFER_ENCODING:
        if (bodyKind !== BODY_NONE || to - from !== 7 || !matchesLower(buf, from, 'chunked')) return SLOW;
        bodyKind = BODY_CHUNKED; // forwarded as is: the fast path copies the chunked framing
        continue;
      case CONNECTION: {
        const tokens = connectionTokens(buf, from, to);
        if (tokens < 0) return SLOW;
        if (tokens > 0) close = true;
        break;
      }
      case X_FORWARDED_FOR: {
        const value = buf.toString('latin1', from, to);
        xff = xff === undefined ? value : `${xff}, ${value}`;
        break;
      }
      case FORWARDED: {
        const value = buf.toString('latin1', from, to);
        forwarded = forwarded === undefined ? value : `${forwarded}, ${value}`;
        break;
      }
      case X_FORWARDED_PROTO:
        xfProto ??= buf.toString('latin1', from, to);
        break;
      case X_FORWARDED_HOST:
        xfHost ??= buf.toString('latin1', from, to);
        break;
    }
    cut(ranges, at, next); // CUT, Connection, X-Forwarded-*, Forwarded
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
  const isHead = sp1 === 4 && bytesAre(buf, 0, 4, 'HEAD');
  return { end: crlf2 + 4, ranges, tail, host, isHead, bodyKind, contentLength, close };
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

/** The response headers read, and the hop-by-hop ones dropped. */
const RESPONSE_NAMES = byLength([
  ['content-length', CONTENT_LENGTH],
  ['transfer-encoding', TRANSFER_ENCODING],
  ['connection', CONNECTION],
  ...['keep-alive', 'proxy-connection', 'upgrade', 'trailer', 'te', 'proxy-authenticate'].map(
    (name): [string, number] => [name, CUT],
  ),
]);

/**
 * "HTTP/1.x SSS": the three digits at 9–11 of a head ending at `end`; anything else is read by
 * Number() as it always was (lenient: "1e2" is 100), so no response that parsed turns into a 502.
 */
function statusCode(buf: Buffer, end: number): number {
  const a = buf[9];
  const b = buf[10];
  const c = buf[11];
  if (end >= 12 && a >= 48 && a <= 57 && b >= 48 && b <= 57 && c >= 48 && c <= 57)
    return (a - 48) * 100 + (b - 48) * 10 + (c - 48);
  return Number(buf.toString('latin1', 9, Math.min(12, end)));
}

/** Whether `lower` occurs in `buf[from, to)`, its letters in either case. */
function includesLower(buf: Buffer, from: number, to: number, lower: string): boolean {
  for (let i = from; i + lower.length <= to; i++) if (matchesLower(buf, i, lower)) return true;
  return false;
}

/** The offset of the first CRLF at or after `from` (bare LFs do not end a response's lines). */
function crlfFrom(buf: Buffer, from: number): number {
  let lf = from + 1;
  while (buf[lf] !== 10 || buf[lf - 1] !== 13) lf++;
  return lf - 1;
}

/** Parses an upstream response head: undefined while incomplete, null when malformed. */
export function parseResponseHead(buf: Buffer, requestIsHead: boolean): ResponseHead | undefined | null {
  const crlf2 = headEnd(buf, buf.length);
  if (crlf2 < 0) return buf.length > MAX_HEAD_BYTES ? null : undefined;
  const end = crlf2 + 2;
  // "HTTP/1.x SSS"
  if (end <= 8 || !bytesAre(buf, 0, 7, 'HTTP/1.') || buf[8] !== 32) return null;
  const minor = buf[7];
  const status = statusCode(buf, end);
  if (
    (minor !== 48 && minor !== 49) ||
    !(status >= 100 && status <= 999) ||
    (end > 12 && buf[12] !== 32 && buf[12] !== 13)
  )
    return null;
  let reusable = minor === 49;
  const ranges = [0, end];
  let chunked = false;
  let otherCoding = false;
  let contentLength = -1;
  let next = 0;
  for (let at = crlfFrom(buf, 0) + 2; at < end; at = next) {
    // The colon must come before the line's CRLF.
    let colon = at;
    for (let c = buf[colon]; c !== 58 /* : */; c = buf[++colon]) if (c === 10 && buf[colon - 1] === 13) return null;
    if (colon === at) return null;
    const lineEnd = crlfFrom(buf, colon);
    next = lineEnd + 2;
    const kind = kindOf(RESPONSE_NAMES, buf, at, colon - at);
    if (kind === OTHER) continue;
    if (kind === CONTENT_LENGTH || kind === TRANSFER_ENCODING) {
      const from = trimStart(buf, colon + 1, lineEnd);
      const to = trimEnd(buf, from, lineEnd);
      if (kind === CONTENT_LENGTH) {
        const value = digitsValue(buf, from, to);
        if (value < 0 || (contentLength >= 0 && value !== contentLength)) return null;
        contentLength = value;
      } else {
        // The last coding must be chunked: "chunked", "..., chunked" or "...,chunked" (the last header wins).
        const n = to - from;
        chunked =
          (n === 7 && matchesLower(buf, from, 'chunked')) ||
          (n >= 8 && matchesLower(buf, to - 8, ',chunked')) ||
          (n >= 9 && matchesLower(buf, to - 9, ', chunked'));
        otherCoding = !chunked;
      }
      continue;
    }
    if (kind === CONNECTION && includesLower(buf, colon + 1, lineEnd, 'close')) reusable = false;
    cut(ranges, at, next);
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
