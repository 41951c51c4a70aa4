// One place that decides whether a set of attributes is a valid CloudEvent 1.0, shared by both
// content modes here and by the HTTP binding later, so every edge rejects with the same reason.

import { CloudEvent, ValidationError, type CloudEventV1 } from 'cloudevents';
import { CloudEventValidationError } from './cloud-event-validation-error';

/** Says where an attribute lives in the message, e.g. `header "ce-id"`, for error messages. */
export type DescribeAttribute = (name: string) => string;

export const REQUIRED_ATTRIBUTES = ['id', 'source', 'specversion', 'type'] as const;
const OPTIONAL_STRING_ATTRIBUTES = ['datacontenttype', 'dataschema', 'subject', 'time'] as const;
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
// RFC 3339 §5.6 date-time; the SDK's format check then rejects impossible dates.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Everything except the payload: context attributes and extensions with a defined value. */
export function eventAttributes(event: CloudEventV1<unknown>): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'data_base64' || value === undefined || value === null) continue;
    attributes[name] = value;
  }
  return attributes;
}

function fail(reason: string, attribute?: string): never {
  throw new CloudEventValidationError(reason, { attribute });
}

function checkExtensionValue(name: string, value: unknown, where: string): void {
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Uint8Array) return;
  if (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return;
  fail(
    `extension attribute "${name}" (${where}) has a ${typeof value} value; CloudEvents extension values are strings, 32-bit integers, booleans or binary`,
    name,
  );
}

/** Throws CloudEventValidationError with an actionable reason if the attributes are not valid. */
export function checkEventAttributes(attributes: Record<string, unknown>, describe: DescribeAttribute): void {
  for (const name of REQUIRED_ATTRIBUTES) {
    const value = attributes[name];
    if (value === undefined || value === null) fail(`missing required attribute "${name}" (${describe(name)})`, name);
    if (typeof value !== 'string' || value.length === 0) {
      fail(`attribute "${name}" (${describe(name)}) must be a non-empty string`, name);
    }
  }
  if (attributes['specversion'] !== '1.0') {
    fail(
      `unsupported specversion "${String(attributes['specversion'])}" (${describe('specversion')}): knts accepts CloudEvents specversion "1.0"`,
      'specversion',
    );
  }
  for (const name of OPTIONAL_STRING_ATTRIBUTES) {
    const value = attributes[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0) {
      fail(`attribute "${name}" (${describe(name)}) must be a non-empty string when present`, name);
    }
  }
  const time = attributes['time'];
  if (typeof time === 'string' && (!RFC3339.test(time) || Number.isNaN(Date.parse(time)))) {
    fail(
      `attribute "time" (${describe('time')}) must be an RFC 3339 timestamp such as 2024-05-01T12:00:00Z, got "${time}"`,
      'time',
    );
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'data') fail(`"data" is not an attribute name (${describe(name)}); send the payload as data`, name);
    if (!ATTRIBUTE_NAME.test(name)) {
      fail(
        `invalid attribute name "${name}" (${describe(name)}): CloudEvents attribute names use only lower-case letters a-z and digits 0-9`,
        name,
      );
    }
    if (!(REQUIRED_ATTRIBUTES as readonly string[]).includes(name) && !(OPTIONAL_STRING_ATTRIBUTES as readonly string[]).includes(name)) {
      checkExtensionValue(name, value, describe(name));
    }
  }
}

const FORMAT_HINTS: Record<string, string> = {
  'uri-reference': 'a URI reference such as "/sources/ping" or "https://example.com/sources/ping"',
  uri: 'an absolute URI such as "https://example.com/schemas/order.json"',
  'date-time': 'an RFC 3339 timestamp such as 2024-05-01T12:00:00Z',
};

interface SchemaError {
  instancePath?: string;
  keyword?: string;
  params?: { format?: string };
  message?: string;
}

/** Turns the SDK's JSON-schema error list into one sentence that names the attribute. */
function fromSdkError(err: ValidationError, describe: DescribeAttribute): CloudEventValidationError {
  const first = (err.errors ?? [])[0] as SchemaError | string | undefined;
  if (first === undefined || typeof first === 'string') {
    return new CloudEventValidationError(first ?? err.message.split('\n')[0] ?? 'invalid CloudEvent', { cause: err });
  }
  const name = (first.instancePath ?? '').replace(/^\//, '');
  const format = first.params?.format;
  const must = format !== undefined && FORMAT_HINTS[format] ? `must be ${FORMAT_HINTS[format]}` : first.message;
  return new CloudEventValidationError(`attribute "${name}" (${describe(name)}) ${must}`, {
    attribute: name,
    cause: err,
  });
}

/**
 * Validates and builds the SDK's CloudEvent. Note the SDK fills a missing `time` with the
 * current time (cloudevents sdk-javascript `CloudEvent` constructor); knts keeps that behaviour.
 */
export function buildCloudEvent(
  attributes: Record<string, unknown>,
  data: unknown,
  describe: DescribeAttribute,
): CloudEvent<unknown> {
  checkEventAttributes(attributes, describe);
  try {
    return new CloudEvent<unknown>({ ...attributes, data } as CloudEventV1<unknown>, true);
  } catch (err) {
    if (err instanceof ValidationError) throw fromSdkError(err, describe);
    throw err;
  }
}
