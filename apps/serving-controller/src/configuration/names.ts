// Revision names: `{configuration}-{generation:05d}` (knative/serving PR #9740), or the template's
// own (BYO) name.
import { createHash } from 'node:crypto';
import type { Configuration } from '../serving-objects';

const LONGEST = 63;
const MD5_HEX_LENGTH = 32;
const HEAD = LONGEST - MD5_HEX_LENGTH;

/**
 * knative.dev/pkg kmeta.ChildName: parent + suffix, and when that exceeds 63 characters the
 * parent is cut and followed by its md5, so long parents still give distinct, valid names.
 */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= LONGEST - suffix.length) return parent + suffix;
  if (HEAD - suffix.length <= 0) {
    let name = parent.slice(0, HEAD) + md5(parent + suffix);
    if (name.length < LONGEST) name += suffix.slice(0, LONGEST - name.length);
    return name.replace(/[^a-zA-Z0-9]+$/, '');
  }
  return parent.slice(0, HEAD - suffix.length) + md5(parent) + suffix;
}

/** The Revision the Configuration's current generation should have stamped out. */
export function revisionName(config: Configuration): string {
  const byo = config.spec.template.metadata?.name;
  if (byo) return byo;
  return childName(config.metadata.name ?? '', `-${String(config.metadata.generation ?? 0).padStart(5, '0')}`);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
