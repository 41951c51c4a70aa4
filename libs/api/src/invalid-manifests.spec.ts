// Every manifest in the shared invalid table is refused with exactly the message recorded there.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the shared table lives in test/fixtures so store tests reuse it
import { INVALID_MANIFESTS } from '../../../test/fixtures/invalid-manifests';
import { admit } from './admission/admit';
import { ValidationError } from './field-error';
import { parseManifests } from './manifests/parse-manifests';

describe('invalid manifests', () => {
  it('has at least 35 cases with unique names', () => {
    expect(INVALID_MANIFESTS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(INVALID_MANIFESTS.map((m) => m.name)).size).toBe(INVALID_MANIFESTS.length);
  });

  it.each(INVALID_MANIFESTS.map((m) => [m.name, m] as const))('%s', (_name, manifest) => {
    const [document] = parseManifests(manifest.yaml);
    let thrown: unknown;
    try {
      admit(document, { operation: 'CREATE' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).message).toBe(manifest.error);
  });
});
