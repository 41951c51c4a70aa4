import { expandVars } from './expand-vars';

// Vectors from k8s.io/kubernetes third_party/forked/golang/expansion/expand_test.go.
describe('expandVars', () => {
  const env: Record<string, string> = { VAR_A: 'A', VAR_B: 'B', VAR_C: 'C', VAR_EMPTY: '', VAR_REF: '$(VAR_A)' };
  const lookup = (name: string): string | undefined => env[name];
  it.each([
    ['whole string', '$(VAR_A)', 'A'],
    ['repeat', '$(VAR_A)-$(VAR_A)', 'A-A'],
    ['beginning', '$(VAR_A)-1', 'A-1'],
    ['middle', '___$(VAR_B)___', '___B___'],
    ['end', '___$(VAR_C)', '___C'],
    ['compound', '$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
    ['escaped reference', '$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
    ['empty value', 'foo$(VAR_EMPTY)bar', 'foobar'],
    ['a value is not expanded again', '$(VAR_REF)', '$(VAR_A)'],
    ['undefined stays', '$(VAR_DNE)', '$(VAR_DNE)'],
    ['lone dollar at the end', 'foo$', 'foo$'],
    ['dollar before another char', '$VAR_A', '$VAR_A'],
    ['unterminated', '$(VAR_A', '$(VAR_A'],
    ['escaped dollars', '$$$$', '$$'],
    ['empty name', '$()', '$()'],
    ['nested', '$(VAR_$(VAR_A))', '$(VAR_$(VAR_A))'],
  ])('%s: %s', (_name, input, want) => {
    expect(expandVars(input, lookup)).toBe(want);
  });
});
