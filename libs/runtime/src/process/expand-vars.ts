// Kubernetes `$(VAR)` expansion for command, args and env values
// (k8s.io/kubernetes third_party/forked/golang/expansion): `$$` escapes a dollar, an unknown
// `$(NAME)` stays as written, an unterminated `$(` is kept literally.

/** Expands `$(NAME)` references in `input` with `lookup`; undefined keeps the reference as written. */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i += 2;
      } else {
        const name = input.slice(i + 2, close);
        out += lookup(name) ?? `$(${name})`;
        i = close + 1;
      }
    } else {
      out += c + next;
      i += 2;
    }
  }
  return out;
}
