// A last test for an end-to-end file: no object was written more than a budget of times. Controllers
// that undo each other's writes (a Route reconciler clearing the annotation a Service reconciler
// sets, say) show as hundreds of writes to one object where a few per step are normal, and as a
// timeout somewhere else only on a slow machine.
import type { PlatformHarness } from './platform-harness';

/** Call at the end of the file (jest runs a file's tests in order), on a harness made with `countWrites`. */
export function describeWriteBudget(platform: PlatformHarness, maxWritesPerObject: number): void {
  describe('controllers do not fight over an object', () => {
    it(`no object of ${platform.countedKinds.join(', ')} was written more than ${maxWritesPerObject} times`, () => {
      expect(platform.writes?.counts.size).toBeGreaterThan(0);
      expect(platform.writes?.over(maxWritesPerObject)).toEqual([]);
    });
  });
}
