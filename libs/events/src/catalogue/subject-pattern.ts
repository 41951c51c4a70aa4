// A subject pattern such as `knts.logs.{namespace}.{pod}.{container}`: builds concrete
// subjects, wildcard filters and parses subjects back, with the parameter names checked by
// the compiler (they are read from the pattern's text).

import { decodeSubjectToken, encodeSubjectToken } from './subject-token';

/** `'a.{x}.{y}'` → `'x' | 'y'`. */
export type ParamsOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | ParamsOf<Rest> : never;

export interface SubjectPattern<P extends string> {
  readonly pattern: string;
  readonly params: readonly P[];
  /** The concrete subject; every value is token-encoded. */
  subject(values: Record<P, string>): string;
  /** A subscription filter: given values are encoded, missing ones become `*`. */
  filter(values?: Partial<Record<P, string>>): string;
  /** Every subject of this pattern, for stream definitions. */
  readonly wildcard: string;
  /** The decoded values, or undefined when the subject is not of this pattern. */
  parse(subject: string): Record<P, string> | undefined;
}

const PARAM = /^\{([a-z][A-Za-z0-9]*)\}$/;

export function subjectPattern<S extends string>(pattern: S): SubjectPattern<ParamsOf<S>> {
  type P = ParamsOf<S>;
  const tokens = pattern.split('.');
  const params = tokens.flatMap((t) => {
    const m = PARAM.exec(t);
    return m ? [m[1] as P] : [];
  });
  const render = (value: (param: P) => string): string =>
    tokens
      .map((t) => {
        const m = PARAM.exec(t);
        return m ? value(m[1] as P) : t;
      })
      .join('.');
  return {
    pattern,
    params,
    subject: (values) => render((p) => encodeSubjectToken(values[p])),
    filter: (values = {}) =>
      render((p) => {
        const v = values[p];
        return v === undefined ? '*' : encodeSubjectToken(v);
      }),
    wildcard: render(() => '*'),
    parse(subject) {
      const parts = subject.split('.');
      if (parts.length !== tokens.length) return undefined;
      const out: Partial<Record<P, string>> = {};
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i] as string;
        const part = parts[i] as string;
        const m = PARAM.exec(t);
        if (m) {
          try {
            out[m[1] as P] = decodeSubjectToken(part);
          } catch {
            return undefined;
          }
        } else if (t !== part) {
          return undefined;
        }
      }
      return out as Record<P, string>;
    },
  };
}
