// A bad value in a Knative ConfigMap: the message names the ConfigMap and the key, so the operator can fix it.
export class ConfigMapError extends Error {
  constructor(
    readonly configMap: string,
    readonly key: string,
    detail: string,
  ) {
    super(`${configMap}: ${key}: ${detail}`);
    this.name = 'ConfigMapError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
