// Readers for ConfigMap string values, shared by the typed config parsers in this folder.
import { ConfigMapError } from './config-map-error';

export class ConfigMapValues {
  constructor(
    readonly configMap: string,
    private readonly data: Readonly<Record<string, string>>,
  ) {}

  has(key: string): boolean {
    return this.data[key] !== undefined && this.data[key].trim() !== '';
  }

  string(key: string, fallback: string): string {
    return this.has(key) ? this.data[key].trim() : fallback;
  }

  optionalString(key: string): string | undefined {
    return this.has(key) ? this.data[key].trim() : undefined;
  }

  integer(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const text = this.data[key].trim();
    if (!/^-?\d+$/.test(text))
      throw new ConfigMapError(this.configMap, key, `failed to parse ${JSON.stringify(text)} as an integer`);
    return Number(text);
  }

  float(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const text = this.data[key].trim();
    const value = Number(text);
    if (text === '' || Number.isNaN(value))
      throw new ConfigMapError(this.configMap, key, `failed to parse ${JSON.stringify(text)} as a number`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const text = this.data[key].trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw new ConfigMapError(
      this.configMap,
      key,
      `failed to parse ${JSON.stringify(this.data[key])} as a boolean, want "true" or "false"`,
    );
  }

  fail(key: string, detail: string): never {
    throw new ConfigMapError(this.configMap, key, detail);
  }
}
