// kubectl label selectors (k8s.io/apimachinery/pkg/labels/selector.go): `a=b,c!=d,e,!f,g in (x,y),h notin (z)`.
import { StoreError } from './store-errors';

export type SelectorOperator = 'Equals' | 'NotEquals' | 'Exists' | 'DoesNotExist' | 'In' | 'NotIn';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

// A label value: empty, or up to 63 characters, alphanumeric at both ends, `-_.` inside.
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A parsed selector; the empty selector matches everything. */
export class LabelSelector {
  private constructor(readonly requirements: readonly SelectorRequirement[]) {}

  /** Parses kubectl's grammar; throws StoreError('BadRequest') naming the offending part. */
  static parse(selector: string | undefined): LabelSelector {
    if (!selector || selector.trim() === '') return new LabelSelector([]);
    return new LabelSelector(splitRequirements(selector).map((part) => parseRequirement(part, selector)));
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const l = labels ?? {};
    return this.requirements.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const value = l[r.key];
      switch (r.operator) {
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        case 'Equals':
        case 'In':
          return has && r.values.includes(value);
        // Upstream: `!=` and `notin` also match objects that lack the label.
        case 'NotEquals':
        case 'NotIn':
          return !has || !r.values.includes(value);
      }
    });
  }

  toString(): string {
    return this.requirements
      .map((r) => {
        switch (r.operator) {
          case 'Exists':
            return r.key;
          case 'DoesNotExist':
            return `!${r.key}`;
          case 'Equals':
            return `${r.key}=${r.values[0]}`;
          case 'NotEquals':
            return `${r.key}!=${r.values[0]}`;
          case 'In':
            return `${r.key} in (${r.values.join(',')})`;
          case 'NotIn':
            return `${r.key} notin (${r.values.join(',')})`;
        }
      })
      .join(',');
  }
}

/** Splits on commas that are not inside a `( ... )` value set. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw invalid(selector, 'unbalanced ")"');
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) throw invalid(selector, 'unbalanced "("');
  parts.push(current);
  return parts.map((p) => p.trim()).map((p) => {
    if (p === '') throw invalid(selector, 'empty requirement');
    return p;
  });
}

function parseRequirement(part: string, selector: string): SelectorRequirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(',').map((v) => v.trim());
    if (values.length === 1 && values[0] === '') throw invalid(selector, `"${part}": a value set needs at least one value`);
    values.forEach((v) => checkValue(v, selector));
    return { key: checkKey(set[1], selector), operator: set[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
  if (cmp) {
    const value = cmp[3].trim();
    checkValue(value, selector);
    return { key: checkKey(cmp[1], selector), operator: cmp[2] === '!=' ? 'NotEquals' : 'Equals', values: [value] };
  }
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), selector), operator: 'DoesNotExist', values: [] };
  return { key: checkKey(part, selector), operator: 'Exists', values: [] };
}

/** A qualified name: optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
function checkKey(key: string, selector: string): string {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const ok =
    (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) && name.length <= 63 && NAME.test(name);
  if (!ok) throw invalid(selector, `invalid label key "${key}"`);
  return key;
}

function checkValue(value: string, selector: string): void {
  if (value.length > 63 || !VALUE.test(value)) throw invalid(selector, `invalid label value "${value}"`);
}

function invalid(selector: string, why: string): StoreError {
  return new StoreError('BadRequest', `unable to parse requirement: invalid label selector "${selector}": ${why}`);
}
