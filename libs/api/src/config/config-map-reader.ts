// Typed readers over a ConfigMap's string data, in the manner of knative.dev/pkg/configmap
// (`cm.AsFloat64`, `cm.AsDuration`...): a bad value throws ConfigMapError naming the key.
import { parseGoDuration } from '../validation/go-duration';
import { ConfigMapError } from './config-map-error';

export class ConfigMapReader {
  constructor(
    readonly configMap: string,
    private readonly data: Readonly<Record<string, string>>,
  ) {}

  private text(key: string): string | undefined {
    const raw = this.data[key];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  }

  string(key: string, fallback: string): string {
    return this.text(key) ?? fallback;
  }

  float(key: string, fallback: number): number {
    const text = this.text(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (Number.isNaN(value)) this.fail(key, `failed to parse ${JSON.stringify(text)} as a number`);
    return value;
  }

  int32(key: string, fallback: number): number {
    const text = this.text(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^[+-]?\d+$/.test(text) || value > 2147483647 || value < -2147483648)
      this.fail(key, `failed to parse ${JSON.stringify(text)} as a 32-bit integer`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const text = this.text(key);
    if (text === undefined) return fallback;
    // Go's strconv.ParseBool, which cm.AsBool uses.
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
    return this.fail(key, `failed to parse ${JSON.stringify(text)} as a boolean`);
  }

  /** Milliseconds from a Go duration (`60s`, `1m30s`). */
  durationMs(key: string, fallbackMs: number): number {
    const text = this.text(key);
    if (text === undefined) return fallbackMs;
    const parsed = parseGoDuration(text);
    if ('error' in parsed) return this.fail(key, parsed.error);
    return parsed.ms;
  }

  fail(key: string, detail: string): never {
    throw new ConfigMapError(this.configMap, key, detail);
  }
}
