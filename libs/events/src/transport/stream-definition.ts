// A JetStream stream as knts declares it: only settings NATS 2.9 honours (no compression,
// metadata, subject transforms, or 2.11 per-message TTLs, which 2.9 would silently drop).

export interface StreamDefinition {
  name: string;
  subjects: string[];
  description?: string;
  /** Default file: events and logs must survive a NATS restart. */
  storage?: 'file' | 'memory';
  /** Default limits. */
  retention?: 'limits' | 'interest' | 'workqueue';
  /** 0 or absent means unlimited. */
  maxAgeMs?: number;
  maxBytes?: number;
  maxMsgs?: number;
  maxMsgsPerSubject?: number;
  maxMsgSize?: number;
  discard?: 'old' | 'new';
  /** Window in which a repeated Nats-Msg-Id is dropped; the server default is 2 minutes. */
  duplicateWindowMs?: number;
  replicas?: number;
}
