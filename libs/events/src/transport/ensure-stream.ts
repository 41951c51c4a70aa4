// Creates a stream or brings an existing one to the declared settings, so every service can
// call it at boot without coordinating who goes first.

import {
  JetStreamApiError,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { StreamDefinition } from './stream-definition';

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;

type WantedConfig = Partial<StreamConfig> & { name: string; subjects: string[] };

function toConfig(def: StreamDefinition): WantedConfig {
  const cfg: WantedConfig = {
    name: def.name,
    subjects: [...def.subjects],
    storage: def.storage ?? 'file',
    retention: def.retention ?? 'limits',
  };
  if (def.description !== undefined) cfg.description = def.description;
  if (def.maxAgeMs !== undefined) cfg.max_age = nanos(def.maxAgeMs);
  if (def.maxBytes !== undefined) cfg.max_bytes = def.maxBytes;
  if (def.maxMsgs !== undefined) cfg.max_msgs = def.maxMsgs;
  if (def.maxMsgsPerSubject !== undefined) cfg.max_msgs_per_subject = def.maxMsgsPerSubject;
  if (def.maxMsgSize !== undefined) cfg.max_msg_size = def.maxMsgSize;
  if (def.discard !== undefined) cfg.discard = def.discard;
  if (def.duplicateWindowMs !== undefined) cfg.duplicate_window = nanos(def.duplicateWindowMs);
  if (def.replicas !== undefined) cfg.num_replicas = def.replicas;
  return cfg;
}

function apiCode(err: unknown): number | undefined {
  return err instanceof JetStreamApiError ? err.code : undefined;
}

/** Names of declared settings that differ from the stream's current configuration. */
function differences(current: StreamConfig, wanted: WantedConfig): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(wanted) as Array<[keyof StreamConfig, unknown]>) {
    const have = current[key];
    const same = Array.isArray(value)
      ? Array.isArray(have) && [...have].sort().join('\n') === [...value].sort().join('\n')
      : have === value;
    if (!same) changed.push(key);
  }
  return changed;
}

/** Idempotent: creates the stream, updates changed settings, or returns it unchanged. */
export async function ensureStream(jsm: JetStreamManager, def: StreamDefinition): Promise<StreamInfo> {
  const wanted = toConfig(def);
  let current: StreamInfo | undefined;
  try {
    current = await jsm.streams.info(def.name);
  } catch (err) {
    if (apiCode(err) !== STREAM_NOT_FOUND) throw err;
  }
  if (current === undefined) {
    try {
      return await jsm.streams.add(wanted);
    } catch (err) {
      // Another replica created it between our info and add: fall through to compare.
      if (apiCode(err) !== STREAM_NAME_IN_USE) throw err;
      current = await jsm.streams.info(def.name);
    }
  }
  const changed = differences(current.config, wanted);
  if (changed.length === 0) return current;
  const fixed = changed.filter((key) => key === 'storage' || key === 'retention');
  if (fixed.length > 0) {
    throw new Error(
      `stream ${def.name} exists with a different ${fixed.join(' and ')} (${fixed.map((k) => `${k}=${String(current.config[k as 'storage' | 'retention'])}`).join(', ')}); JetStream cannot change that in place: delete the stream (nats stream rm ${def.name}) and start again`,
    );
  }
  const { name: _name, storage: _storage, retention: _retention, ...updatable } = wanted;
  return jsm.streams.update(def.name, { ...current.config, ...updatable });
}
