import { LabelSelector } from './label-selector';
import { StoreError } from './store-errors';

describe('LabelSelector', () => {
  const labels = { app: 'web', tier: 'front', 'example.com/team': 'a' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app in (db, web)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (db)', true],
    ['app=web,tier=back', false],
    ['app in (web,db),tier notin (back),example.com/team=a', true],
    ['app=', false],
  ])('%s matches: %s', (selector, want) => {
    expect(LabelSelector.parse(selector).matches(labels)).toBe(want);
  });

  it.each(['a in (b', 'a=b,', 'a in ()', 'bad key!=x', 'a=in valid', '-a=b', `a=${'x'.repeat(64)}`])('rejects %s as BadRequest', (selector) => {
    let err: unknown;
    try {
      LabelSelector.parse(selector);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('BadRequest');
    expect((err as Error).message).toContain(selector);
  });

  it('prints itself back in kubectl form', () => {
    expect(LabelSelector.parse('a=b, c!=d,e,!f,g in (x,y)').toString()).toBe('a=b,c!=d,e,!f,g in (x,y)');
  });
});
