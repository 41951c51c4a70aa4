// kubectl's JSONPath template language (k8s.io/client-go/util/jsonpath), as `kubectl get -o jsonpath`
// and CRD printer columns use it: `{.a.b}`, `[0]`, `[-1]`, `[1:3]`, `[*]`, `..name`, `['a.b']`,
// unions `[0,1]`, filters `[?(@.type=="Ready")]`, `{range .items[*]}...{end}`, `{"literal"}`.
// Missing keys yield nothing rather than an error, as kubectl does for `get -o jsonpath`.

export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

type Segment =
  | { kind: 'field'; names: string[] }
  | { kind: 'wildcard' }
  | { kind: 'recursive'; then: Segment }
  | { kind: 'index'; indices: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; predicate: Predicate };

interface PathExpr {
  /** `$` starts at the template's root, anything else at the current value (`@`). */
  fromRoot: boolean;
  segments: Segment[];
}

type Operand = { kind: 'path'; path: PathExpr } | { kind: 'literal'; value: string | number | boolean | null };

interface Predicate {
  left: Operand;
  op?: '==' | '!=' | '<' | '<=' | '>' | '>=';
  right?: Operand;
}

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'expr'; path: PathExpr }
  | { kind: 'range'; path: PathExpr; body: TemplateNode[] };

// ---------------------------------------------------------------- path parsing

const FIELD_STOP = new Set(['.', '[', ' ', ')', '=', '!', '<', '>', ',', '}']);

class PathParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): PathExpr {
    const expr = this.parsePath();
    this.skipSpaces();
    if (this.pos < this.src.length) throw new JsonPathError(`unexpected "${this.src.slice(this.pos)}" in ${this.src}`);
    return expr;
  }

  /** Parses a path starting at pos; stops at the first character that cannot continue a path. */
  parsePath(): PathExpr {
    let fromRoot = false;
    const c = this.src[this.pos];
    if (c === '$') {
      fromRoot = true;
      this.pos++;
    } else if (c === '@') {
      this.pos++;
    }
    const segments: Segment[] = [];
    // A bare leading name (`status.url`) is accepted as `.status.url`.
    if (
      this.pos < this.src.length &&
      !FIELD_STOP.has(this.src[this.pos]) &&
      this.src[this.pos] !== '$' &&
      this.src[this.pos] !== '@'
    ) {
      segments.push({ kind: 'field', names: [this.readFieldName()] });
    }
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === '.' && this.src[this.pos + 1] === '.') {
        this.pos += 2;
        segments.push({ kind: 'recursive', then: this.parseAfterDot() });
      } else if (ch === '.') {
        this.pos++;
        if (this.pos >= this.src.length || FIELD_STOP.has(this.src[this.pos])) {
          continue; // `{.}` is the current value; `.[0]` is the same as `[0]`
        }
        segments.push(this.parseAfterDot());
      } else if (ch === '[') {
        segments.push(this.parseBracket());
      } else {
        break;
      }
    }
    return { fromRoot, segments };
  }

  private parseAfterDot(): Segment {
    if (this.src[this.pos] === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    if (this.src[this.pos] === '[') return this.parseBracket();
    return { kind: 'field', names: [this.readFieldName()] };
  }

  private readFieldName(): string {
    let name = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\' && this.pos + 1 < this.src.length) {
        name += this.src[this.pos + 1]; // `serving\.knative\.dev/creator`
        this.pos += 2;
        continue;
      }
      if (FIELD_STOP.has(ch)) break;
      name += ch;
      this.pos++;
    }
    if (name === '') throw new JsonPathError(`expected a field name at position ${this.pos} in ${this.src}`);
    return name;
  }

  private parseBracket(): Segment {
    const close = findClosing(this.src, this.pos, '[', ']');
    const inner = this.src.slice(this.pos + 1, close).trim();
    this.pos = close + 1;
    if (inner === '*') return { kind: 'wildcard' };
    if (inner.startsWith('?')) {
      const body = inner.slice(1).trim();
      if (!body.startsWith('(') || !body.endsWith(')')) throw new JsonPathError(`invalid filter [${inner}]`);
      return { kind: 'filter', predicate: parsePredicate(body.slice(1, -1)) };
    }
    if (inner.startsWith("'") || inner.startsWith('"')) {
      return { kind: 'field', names: splitTopLevel(inner, ',').map((part) => unquote(part.trim())) };
    }
    if (inner.includes(':')) {
      const parts = inner.split(':').map((p) => p.trim());
      if (parts.length > 3) throw new JsonPathError(`invalid slice [${inner}]`);
      const num = (p: string | undefined): number | undefined =>
        p === undefined || p === '' ? undefined : parseInteger(p);
      return { kind: 'slice', start: num(parts[0]), end: num(parts[1]), step: num(parts[2]) };
    }
    if (inner === '') throw new JsonPathError('empty []');
    return { kind: 'index', indices: inner.split(',').map((p) => parseInteger(p.trim())) };
  }

  skipSpaces(): void {
    while (this.src[this.pos] === ' ') this.pos++;
  }

  get position(): number {
    return this.pos;
  }
  set position(p: number) {
    this.pos = p;
  }
  get source(): string {
    return this.src;
  }
}

function parseInteger(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new JsonPathError(`invalid array index "${text}"`);
  return Number(text);
}

function unquote(text: string): string {
  const q = text[0];
  if ((q !== '"' && q !== "'") || text[text.length - 1] !== q || text.length < 2) {
    throw new JsonPathError(`invalid quoted string ${text}`);
  }
  return unescapeText(text.slice(1, -1));
}

/** Interprets `\n`, `\t`, `\r` and `\<char>` the way Go's strconv.Unquote would for our purposes. */
function unescapeText(text: string): string {
  return text.replace(/\\(.)/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      default:
        return ch;
    }
  });
}

/** Index of the bracket closing the one at `start`, skipping quoted text and nested brackets. */
function findClosing(src: string, start: number, open: string, close: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < src.length; i++) {
    const ch = src[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === open) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new JsonPathError(`unclosed ${open} in ${src}`);
}

function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      current += ch;
      if (ch === '\\' && i + 1 < text.length) current += text[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === sep) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function parsePredicate(text: string): Predicate {
  const parser = new PathParser(text.trim());
  const left = parseOperand(parser);
  parser.skipSpaces();
  const rest = parser.source.slice(parser.position);
  if (rest === '') return { left };
  const m = /^(==|!=|<=|>=|<|>)/.exec(rest);
  if (!m) throw new JsonPathError(`invalid filter expression ${text}`);
  parser.position += m[1].length;
  parser.skipSpaces();
  const right = parseOperand(parser);
  parser.skipSpaces();
  if (parser.position < parser.source.length) throw new JsonPathError(`invalid filter expression ${text}`);
  return { left, op: m[1] as Predicate['op'], right };
}

function parseOperand(parser: PathParser): Operand {
  parser.skipSpaces();
  const src = parser.source;
  const ch = src[parser.position];
  if (ch === '@' || ch === '$' || ch === '.') return { kind: 'path', path: parser.parsePath() };
  if (ch === '"' || ch === "'") {
    let end = parser.position + 1;
    while (end < src.length && src[end] !== ch) end += src[end] === '\\' ? 2 : 1;
    const value = unquote(src.slice(parser.position, end + 1));
    parser.position = end + 1;
    return { kind: 'literal', value };
  }
  const m = /^(-?\d+(?:\.\d+)?|true|false|null|nil)/.exec(src.slice(parser.position));
  if (!m) throw new JsonPathError(`invalid filter operand in ${src}`);
  parser.position += m[1].length;
  const word = m[1];
  const value =
    word === 'true' ? true : word === 'false' ? false : word === 'null' || word === 'nil' ? null : Number(word);
  return { kind: 'literal', value };
}

// ---------------------------------------------------------------- evaluation

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) return Object.values(value);
  return [];
}

function applySegment(values: unknown[], segment: Segment, root: unknown): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    switch (segment.kind) {
      case 'field':
        if (isRecord(value)) {
          for (const name of segment.names) if (name in value) out.push(value[name]);
        }
        break;
      case 'wildcard':
        out.push(...children(value));
        break;
      case 'recursive':
        for (const node of descendantsAndSelf(value)) out.push(...applySegment([node], segment.then, root));
        break;
      case 'index':
        if (Array.isArray(value)) {
          for (const i of segment.indices) {
            const at = i < 0 ? value.length + i : i;
            if (at >= 0 && at < value.length) out.push(value[at]);
          }
        }
        break;
      case 'slice':
        if (Array.isArray(value)) out.push(...sliceArray(value, segment));
        break;
      case 'filter':
        for (const item of children(value)) if (matches(segment.predicate, item, root)) out.push(item);
        break;
    }
  }
  return out;
}

function descendantsAndSelf(value: unknown): unknown[] {
  const out: unknown[] = [value];
  for (const child of children(value)) out.push(...descendantsAndSelf(child));
  return out;
}

function sliceArray(array: unknown[], s: { start?: number; end?: number; step?: number }): unknown[] {
  const len = array.length;
  const norm = (i: number): number => Math.min(Math.max(i < 0 ? len + i : i, 0), len);
  const start = s.start === undefined ? 0 : norm(s.start);
  const end = s.end === undefined ? len : norm(s.end);
  const step = s.step === undefined || s.step === 0 ? 1 : s.step;
  const out: unknown[] = [];
  for (let i = start; i < end; i += Math.abs(step)) out.push(array[i]);
  return out;
}

function evaluatePath(path: PathExpr, current: unknown, root: unknown): unknown[] {
  let values = [path.fromRoot ? root : current];
  for (const segment of path.segments) values = applySegment(values, segment, root);
  return values;
}

function operandValues(operand: Operand, current: unknown, root: unknown): unknown[] {
  return operand.kind === 'literal' ? [operand.value] : evaluatePath(operand.path, current, root);
}

function matches(predicate: Predicate, item: unknown, root: unknown): boolean {
  const left = operandValues(predicate.left, item, root);
  if (!predicate.op || !predicate.right) return left.length > 0 && left[0] !== null && left[0] !== false;
  const right = operandValues(predicate.right, item, root);
  if (left.length === 0 || right.length === 0) return false;
  return compare(left[0], predicate.op, right[0]);
}

function compare(a: unknown, op: NonNullable<Predicate['op']>, b: unknown): boolean {
  const numeric = typeof a === 'number' && typeof b === 'number';
  const x = numeric ? (a as number) : scalarText(a);
  const y = numeric ? (b as number) : scalarText(b);
  switch (op) {
    case '==':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** How kubectl prints one result: strings raw, maps and arrays as compact JSON. */
export function formatJsonPathValue(value: unknown): string {
  return scalarText(value);
}

// ---------------------------------------------------------------- templates

function parseTemplate(template: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: { body: TemplateNode[] }[] = [{ body: root }];
  let pos = 0;
  while (pos < template.length) {
    const open = template.indexOf('{', pos);
    const top = stack[stack.length - 1].body;
    if (open < 0) {
      top.push({ kind: 'text', text: unescapeText(template.slice(pos)) });
      break;
    }
    if (open > pos) top.push({ kind: 'text', text: unescapeText(template.slice(pos, open)) });
    const close = findClosing(template, open, '{', '}');
    const action = template.slice(open + 1, close).trim();
    pos = close + 1;
    if (action === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (action.startsWith('range ') || action === 'range') {
      const node: TemplateNode = { kind: 'range', path: new PathParser(action.slice(5).trim()).parse(), body: [] };
      top.push(node);
      stack.push({ body: node.body });
    } else if (action.startsWith('"') || action.startsWith("'")) {
      top.push({ kind: 'text', text: unquote(action) });
    } else if (action === '') {
      throw new JsonPathError('empty {} in template');
    } else {
      top.push({ kind: 'expr', path: new PathParser(action).parse() });
    }
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range: missing {end}');
  return root;
}

function execute(nodes: TemplateNode[], current: unknown, root: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.text;
    } else if (node.kind === 'expr') {
      out += evaluatePath(node.path, current, root).map(formatJsonPathValue).join(' ');
    } else {
      for (const value of evaluatePath(node.path, current, root)) {
        // kubectl ranges over an array's items when the expression names the array itself.
        const items =
          Array.isArray(value) &&
          node.path.segments.length > 0 &&
          node.path.segments[node.path.segments.length - 1].kind === 'field'
            ? value
            : [value];
        for (const item of items) out += execute(node.body, item, root);
      }
    }
  }
  return out;
}

/** Runs a kubectl `-o jsonpath` template against `data`, e.g. `{range .items[*]}{.metadata.name}{"\n"}{end}`. */
export function executeJsonPathTemplate(template: string, data: unknown): string {
  return execute(parseTemplate(template), data, data);
}

/** Parses a template once; throws JsonPathError with a readable message when it is malformed. */
export function compileJsonPathTemplate(template: string): (data: unknown) => string {
  const nodes = parseTemplate(template);
  return (data) => execute(nodes, data, data);
}

/** Evaluates a single expression (`.status.url`, or `{.status.url}`) and returns every match. */
export function findJsonPathValues(expression: string, data: unknown): unknown[] {
  let expr = expression.trim();
  if (expr.startsWith('{') && expr.endsWith('}')) expr = expr.slice(1, -1).trim();
  return evaluatePath(new PathParser(expr).parse(), data, data);
}
