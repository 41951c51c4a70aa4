// Socket reads into one shared buffer, past node:stream: what `net.connect({ onread })` does
// for sockets we open, applied to the sockets node:net accepts as well. Each read is handed to
// a callback synchronously, as a view of READ_BUFFER that is only valid until the callback
// returns; no per-read ArrayBuffer, no Readable.push, no 'data' event. Whatever outlives the
// callback (a partial head, bytes kept for a retry, a write the kernel did not take at once)
// goes through `detach`, which copies only views of READ_BUFFER.
//
// Node reads this way when a socket carries the buffer and callback under its internal
// kBuffer/kBufferCb keys (lib/internal/stream_base_commons.js onStreamRead) and its handle has
// `useUserBuffer`. The keys are found once, on a socket made with the public `onread` option;
// if this Node has no such keys, `readIntoSharedBuffer` says so and the caller uses 'data'.
import { Socket } from 'node:net';

/** Every shared read lands here; reads never nest (they come one by one from the event loop). */
export const READ_BUFFER = Buffer.allocUnsafeSlow(64 * 1024);

/** `nread` bytes at the start of READ_BUFFER; `false` stops reading (backpressure). */
export type ReadCallback = (nread: number, buf: Uint8Array) => boolean;

interface Keys {
  buffer: symbol;
  callback: symbol;
  generator: symbol;
}

function findKeys(): Keys | undefined {
  const generator = (): Buffer => READ_BUFFER;
  const callback = (): boolean => true;
  const probe = new Socket({ onread: { buffer: generator, callback } });
  let keys: Partial<Keys> = {};
  for (const key of Object.getOwnPropertySymbols(probe)) {
    const value = (probe as unknown as Record<symbol, unknown>)[key];
    if (value === generator) keys.generator = key;
    else if (value === callback) keys.callback = key;
    else if (value === true && key.description === 'kBuffer') keys.buffer = key;
  }
  probe.destroy();
  if (!keys.buffer || !keys.callback || !keys.generator) keys = {};
  return keys.buffer ? (keys as Keys) : undefined;
}

const KEYS = findKeys();

interface UserBufferHandle {
  useUserBuffer?(buf: Uint8Array): void;
}

/**
 * Switches an accepted, not yet read `socket` to shared reads. False when this Node cannot (the
 * caller then listens for 'data'). pause()/resume() keep working: node:net stops and starts the
 * handle for sockets read this way.
 */
export function readIntoSharedBuffer(socket: Socket, callback: ReadCallback): boolean {
  const handle = (socket as unknown as { _handle?: UserBufferHandle | null })._handle;
  if (!KEYS || typeof handle?.useUserBuffer !== 'function') return false;
  const slots = socket as unknown as Record<symbol, unknown>;
  if (slots[KEYS.buffer]) return false; // already reading into a buffer of its own
  slots[KEYS.buffer] = READ_BUFFER;
  slots[KEYS.callback] = callback;
  slots[KEYS.generator] = null;
  handle.useUserBuffer(READ_BUFFER);
  return true;
}

/** The `onread` option for sockets we open: reads into READ_BUFFER. */
export function sharedReadOption(callback: ReadCallback): { buffer: Buffer; callback: ReadCallback } {
  return { buffer: READ_BUFFER, callback };
}

/** `buf` itself, or a copy when it is a view of READ_BUFFER (to keep past the read callback). */
export function detach(buf: Buffer): Buffer {
  return buf.buffer === READ_BUFFER.buffer ? Buffer.from(buf) : buf;
}
