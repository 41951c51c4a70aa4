// The activator's load-balancing policies (knative/serving pkg/activator/net/lb_policy.go) and
// the containerConcurrency rule that picks one (throttler.go pickLBPolicy, reference §3.3):
//   CC 0   → random-choice-2: the less loaded of two distinct random endpoints (power of two
//            choices); ties broken at random. Endpoints are unlimited, so any pick is valid.
//   CC 1–3 → first-available: the first endpoint in order with spare capacity; packs small
//            limits tightly instead of spreading and leaving every pod one request short.
//   CC > 3 → round-robin: from after the last pick, the next endpoint with spare capacity.
// Each pick is O(endpoints) at worst and allocates nothing.
import type { EndpointLease } from './endpoint-lease';

export type LbPolicy = 'random-choice-2' | 'first-available' | 'round-robin';

export function lbPolicyFor(containerConcurrency: number): LbPolicy {
  if (containerConcurrency <= 0) return 'random-choice-2';
  if (containerConcurrency <= 3) return 'first-available';
  return 'round-robin';
}

/** What a policy keeps between picks. */
export interface LbState {
  /** Round-robin: where the next scan starts. */
  cursor: number;
  /** [0, 1), Math.random in production; injected by tests. */
  random: () => number;
}

/** The index in `live` of the endpoint to lease, or -1 when none has capacity. */
export function pickEndpoint(policy: LbPolicy, live: readonly EndpointLease<unknown>[], state: LbState): number {
  const n = live.length;
  if (n === 0) return -1;
  switch (policy) {
    case 'random-choice-2': {
      if (n === 1) return live[0].hasCapacity ? 0 : -1;
      const first = Math.floor(state.random() * n);
      // Upstream: a second index from the other n-1 positions, so the two always differ.
      let second = Math.floor(state.random() * (n - 1));
      if (second >= first) second++;
      const a = live[first];
      const b = live[second];
      if (!a.hasCapacity) return b.hasCapacity ? second : -1;
      if (!b.hasCapacity) return first;
      if (a.inFlight !== b.inFlight) return a.inFlight < b.inFlight ? first : second;
      return state.random() < 0.5 ? first : second;
    }
    case 'first-available': {
      for (let i = 0; i < n; i++) if (live[i].hasCapacity) return i;
      return -1;
    }
    case 'round-robin': {
      // The list may have shrunk since the last pick: start over, as upstream does.
      const start = state.cursor < n ? state.cursor : 0;
      for (let k = 0; k < n; k++) {
        const i = (start + k) % n;
        if (live[i].hasCapacity) {
          state.cursor = i + 1;
          return i;
        }
      }
      return -1;
    }
  }
}
