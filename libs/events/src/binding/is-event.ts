// Same contract as the SDK bindings' isEvent: true only when the message decodes cleanly.

import type { EventMessage } from './event-message';
import { toEvent } from './to-event';

export function isEvent(message: EventMessage): boolean {
  try {
    toEvent(message);
    return true;
  } catch {
    return false;
  }
}
