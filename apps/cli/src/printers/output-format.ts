// `-o` values kubectl accepts, parsed once: table (default), wide, name, json, yaml,
// jsonpath=TEMPLATE (also jsonpath='...' and jsonpath-as-json is not supported), custom-columns=H:PATH,...
import { CliError } from '../cli-error';
import { compileJsonPathTemplate, findJsonPathValues, JsonPathError } from './jsonpath';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'name' }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'jsonpath'; template: string; render: (data: unknown) => string }
  | { kind: 'custom-columns'; columns: { header: string; path: string }[] };

export function parseOutputFormat(flag: string | undefined): OutputFormat {
  if (flag === undefined || flag === '') return { kind: 'table', wide: false };
  if (flag === 'wide') return { kind: 'table', wide: true };
  if (flag === 'name' || flag === 'json' || flag === 'yaml') return { kind: flag };
  const eq = flag.indexOf('=');
  const format = eq < 0 ? flag : flag.slice(0, eq);
  const arg = eq < 0 ? '' : stripQuotes(flag.slice(eq + 1));
  if (format === 'jsonpath') {
    if (!arg)
      throw new CliError("template format specified but no template given; e.g. -o jsonpath='{.metadata.name}'");
    try {
      return { kind: 'jsonpath', template: arg, render: compileJsonPathTemplate(arg) };
    } catch (err) {
      throw new CliError(`error parsing jsonpath ${arg}, ${(err as Error).message}`);
    }
  }
  if (format === 'custom-columns') {
    const columns = arg.split(',').map((spec) => {
      const colon = spec.indexOf(':');
      if (colon <= 0) throw new CliError(`expected <header>:<json-path-expr> in custom-columns, got "${spec}"`);
      const path = spec.slice(colon + 1);
      try {
        findJsonPathValues(path, {});
      } catch (err) {
        if (err instanceof JsonPathError) throw new CliError(`error parsing jsonpath ${path}, ${err.message}`);
        throw err;
      }
      return { header: spec.slice(0, colon), path };
    });
    return { kind: 'custom-columns', columns };
  }
  throw new CliError(
    `unable to match a printer suitable for the output format "${flag}", allowed formats are: custom-columns,json,jsonpath,name,wide,yaml`,
  );
}

/** Shells normally strip them, but `-o=jsonpath='{...}'` inside some scripts keeps them. */
function stripQuotes(text: string): string {
  const q = text[0];
  return (q === "'" || q === '"') && text.endsWith(q) && text.length >= 2 ? text.slice(1, -1) : text;
}
