import { CloudEvent, type CloudEventV1 } from 'cloudevents';
import { CloudEventValidationError } from './cloud-event-validation-error';
import { eventAttributes } from './event-attributes';
import type { EventMessage } from './event-message';
import { decodeHeaderValue, encodeHeaderValue } from './header-value-encoding';
import { NatsBinding } from './nats-binding';

const utf8 = new TextEncoder();
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const TIME = '2024-05-01T12:00:00Z';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

function ev(extra: Record<string, unknown>): CloudEvent<unknown> {
  return new CloudEvent<unknown>({ id: 'e-1', source: '/knts/test', type: 'dev.knts.test.v1', time: TIME, ...extra });
}

/** What a receiver can observe: attributes and data. */
function observable(event: CloudEventV1<unknown>): Record<string, unknown> {
  return { ...eventAttributes(event), data: event.data };
}

type Mode = 'binary' | 'structured';

describe('NatsBinding round trip', () => {
  const cases: Array<{
    name: string;
    event: CloudEvent<unknown>;
    /** Attributes the binding adds or retypes, per mode. */
    want?: Partial<Record<Mode, Record<string, unknown>>>;
  }> = [
    { name: 'required attributes only', event: ev({}) },
    {
      name: 'optional attributes and extensions',
      event: ev({
        subject: 'orders/42',
        dataschema: 'https://example.com/schemas/order.json',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        knativearrivaltime: '2024-05-01T12:00:01Z',
        partitionkey: 'k1',
      }),
    },
    {
      name: 'integer and boolean extensions keep their type only in structured mode',
      event: ev({ knativebrokerttl: 255, sampled: true }),
      want: { binary: { knativebrokerttl: '255', sampled: 'true' } },
    },
    {
      name: 'binary data with every byte value',
      event: ev({ datacontenttype: 'application/octet-stream', data: ALL_BYTES }),
    },
    { name: 'binary data without a content type', event: ev({ data: ALL_BYTES }) },
    {
      name: 'JSON object data',
      event: ev({ datacontenttype: 'application/json', data: { a: 1, b: ['x', null, true], s: 'é 😀' } }),
    },
    { name: 'JSON string value under a JSON type', event: ev({ datacontenttype: 'application/json', data: '{"a":1}' }) },
    {
      name: 'JSON data with +json suffix and charset',
      event: ev({ datacontenttype: 'application/vnd.order+json; charset=utf-8', data: [1, 2, 3] }),
    },
    {
      name: 'JSON data without a content type gets application/json in binary mode',
      event: ev({ data: { n: 1 } }),
      want: { binary: { datacontenttype: 'application/json' } },
    },
    { name: 'text data', event: ev({ datacontenttype: 'text/plain', data: 'hello, wörld 😀' }) },
    { name: 'XML text data', event: ev({ datacontenttype: 'application/xml', data: '<a b="c"/>' }) },
    {
      name: 'string data without a content type gets text/plain in binary mode',
      event: ev({ data: 'plain' }),
      want: { binary: { datacontenttype: 'text/plain; charset=utf-8' } },
    },
    {
      name: 'attribute values that need percent-encoding',
      event: ev({
        source: '/sources/100%25?q="x"',
        subject: 'Euro € 😀 and spaces  ',
        type: 'dev.knts.test.%.v1',
        comment: '  leading, "quoted", 100% and ümlauts  ',
      }),
    },
    { name: 'time with nanoseconds and an offset is kept verbatim', event: ev({ time: '2024-05-01T14:00:00.123456789+02:00' }) },
  ];

  for (const mode of ['binary', 'structured'] as const) {
    it.each(cases)(`${mode}: $name`, ({ event, want }) => {
      const message = NatsBinding[mode](event);
      const decoded = NatsBinding.toEvent(message);
      expect(observable(decoded)).toStrictEqual({ ...observable(event), ...(want?.[mode] ?? {}) });
      expect(NatsBinding.isEvent(message)).toBe(true);
    });
  }

  it('binary mode maps the spec example to ce- headers and raw data', () => {
    const message = NatsBinding.binary(
      new CloudEvent<unknown>({
        specversion: '1.0',
        type: 'com.example.someevent',
        time: '2018-04-05T03:56:24Z',
        id: '1234-1234-1234',
        source: '/mycontext/subcontext',
        datacontenttype: 'application/json',
        data: { hello: 'world' },
      }),
    );
    expect(message.headers).toStrictEqual({
      'ce-specversion': '1.0',
      'ce-type': 'com.example.someevent',
      'ce-time': '2018-04-05T03:56:24Z',
      'ce-id': '1234-1234-1234',
      'ce-source': '/mycontext/subcontext',
      'ce-datacontenttype': 'application/json',
    });
    expect(new TextDecoder().decode(message.data)).toBe('{"hello":"world"}');
  });

  it('binary data is byte-exact on the wire and comes back as a plain Uint8Array', () => {
    const message = NatsBinding.binary(ev({ data: ALL_BYTES }));
    expect(Array.from(message.data)).toStrictEqual(Array.from(ALL_BYTES));
    const data = NatsBinding.toEvent(message).data;
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(data)).toBe(false);
  });

  it('structured mode carries binary data as data_base64', () => {
    const message = NatsBinding.structured(ev({ data: Uint8Array.of(0, 255, 16) }));
    expect(message.headers).toStrictEqual({ 'content-type': 'application/cloudevents+json; charset=utf-8' });
    const body = JSON.parse(new TextDecoder().decode(message.data)) as Record<string, unknown>;
    expect(body['data_base64']).toBe('AP8Q');
    expect(body).not.toHaveProperty('data');
  });

  it('reads header names case-insensitively', () => {
    const event = NatsBinding.toEvent({
      headers: { 'CE-SpecVersion': '1.0', 'Ce-Id': 'x', 'CE-SOURCE': '/s', 'ce-Type': 't', 'Ce-MyExt': 'v' },
      data: new Uint8Array(0),
    });
    expect(observable(event)).toMatchObject({ id: 'x', source: '/s', type: 't', myext: 'v', data: undefined });
  });

  it('ignores headers that are not CloudEvents attributes', () => {
    const message = NatsBinding.binary(ev({}));
    const event = NatsBinding.toEvent({ ...message, headers: { ...message.headers, 'Nats-Msg-Id': 'abc', 'knts-stream': 'stdout' } });
    expect(observable(event)).toStrictEqual(observable(ev({})));
  });
});

describe('header value percent-encoding (NATS binding §3.1.3.2)', () => {
  it.each([
    ['Euro € 😀', 'Euro%20%E2%82%AC%20%F0%9F%98%80'],
    ['100% "quoted"', '100%25%20%22quoted%22'],
    ['plain-ASCII_value/with:chars?&=', 'plain-ASCII_value/with:chars?&='],
    ['tab\tand\u007fdel', 'tab%09and%7Fdel'],
    ['', ''],
  ])('encodes %j as %j', (value, encoded) => {
    expect(encodeHeaderValue(value)).toBe(encoded);
    expect(decodeHeaderValue(encoded, 'ce-x')).toBe(value);
  });

  it.each([
    ['lower-case hex', 'Euro%20%e2%82%ac', 'Euro €'],
    ['unnecessary escapes', '%41%42C', 'ABC'],
    ['an RFC 7230 quoted string', '"a \\"quoted\\" value"', 'a "quoted" value'],
    ['raw UTF-8 from a sender that did not encode', 'naïve 😀', 'naïve 😀'],
  ])('decodes %s', (_name, raw, value) => {
    expect(decodeHeaderValue(raw, 'ce-x')).toBe(value);
  });

  it.each([
    ['an overlong encoding', '%C0%A0', 'header "ce-x" percent-decodes to invalid UTF-8; encode each character as the %XX escapes of its UTF-8 bytes'],
    ['a truncated sequence', '%E2%82', 'header "ce-x" percent-decodes to invalid UTF-8; encode each character as the %XX escapes of its UTF-8 bytes'],
    ['a bare percent', '100%', 'header "ce-x" has a malformed percent-escape at position 3: "%" must be followed by two hex digits (send "%25" for a literal "%")'],
    ['a non-hex escape', '%G1', 'header "ce-x" has a malformed percent-escape at position 0: "%" must be followed by two hex digits (send "%25" for a literal "%")'],
  ])('rejects %s', (_name, raw, reason) => {
    const err = thrownBy(() => decodeHeaderValue(raw, 'ce-x'));
    expect(err).toBeInstanceOf(CloudEventValidationError);
    expect(err).toMatchObject({ reason });
  });
});

describe('NatsBinding.toEvent rejects invalid messages with an actionable reason', () => {
  const headers = { 'ce-specversion': '1.0', 'ce-id': 'e-1', 'ce-source': '/s', 'ce-type': 't' };
  const empty = new Uint8Array(0);
  const without = (name: string): Record<string, string> =>
    Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
  const structuredBody = (body: unknown): EventMessage => ({
    headers: { 'content-type': 'application/cloudevents+json' },
    data: utf8.encode(typeof body === 'string' ? body : JSON.stringify(body)),
  });

  const cases: Array<{ name: string; message: EventMessage; reason: string; attribute?: string }> = [
    { name: 'missing id', message: { headers: without('ce-id'), data: empty }, reason: 'missing required attribute "id" (header "ce-id")', attribute: 'id' },
    { name: 'missing source', message: { headers: without('ce-source'), data: empty }, reason: 'missing required attribute "source" (header "ce-source")', attribute: 'source' },
    { name: 'missing type', message: { headers: without('ce-type'), data: empty }, reason: 'missing required attribute "type" (header "ce-type")', attribute: 'type' },
    { name: 'missing specversion', message: { headers: without('ce-specversion'), data: empty }, reason: 'missing required attribute "specversion" (header "ce-specversion")', attribute: 'specversion' },
    {
      name: 'unsupported specversion',
      message: { headers: { ...headers, 'ce-specversion': '0.2' }, data: empty },
      reason: 'unsupported specversion "0.2" (header "ce-specversion"): knts accepts CloudEvents specversion "1.0"',
      attribute: 'specversion',
    },
    { name: 'empty type', message: { headers: { ...headers, 'ce-type': '' }, data: empty }, reason: 'attribute "type" (header "ce-type") must be a non-empty string', attribute: 'type' },
    {
      name: 'extension name with an underscore',
      message: { headers: { ...headers, 'ce-my_ext': 'v' }, data: empty },
      reason: 'invalid attribute name "my_ext" (header "ce-my_ext"): CloudEvents attribute names use only lower-case letters a-z and digits 0-9',
      attribute: 'my_ext',
    },
    {
      name: 'time that is not RFC 3339',
      message: { headers: { ...headers, 'ce-time': 'yesterday' }, data: empty },
      reason: 'attribute "time" (header "ce-time") must be an RFC 3339 timestamp such as 2024-05-01T12:00:00Z, got "yesterday"',
      attribute: 'time',
    },
    {
      name: 'source that is not a URI reference',
      message: { headers: { ...headers, 'ce-source': 'has%20space' }, data: empty },
      reason: 'attribute "source" (header "ce-source") must be a URI reference such as "/sources/ping" or "https://example.com/sources/ping"',
      attribute: 'source',
    },
    {
      name: 'JSON content type with a body that is not JSON',
      message: { headers: { ...headers, 'ce-datacontenttype': 'application/json' }, data: utf8.encode('{oops') },
      reason: expect.stringMatching(/^data is not valid JSON although datacontenttype is "application\/json": /) as unknown as string,
      attribute: 'data',
    },
    {
      name: 'no CloudEvents headers at all',
      message: { headers: { 'content-type': 'text/plain' }, data: utf8.encode('hi') },
      reason: 'not a CloudEvent: expected ce-specversion, ce-id, ce-source and ce-type headers (binary mode) or content-type application/cloudevents+json (structured mode)',
    },
    {
      name: 'structured: missing id',
      message: structuredBody({ specversion: '1.0', source: '/s', type: 't' }),
      reason: 'missing required attribute "id" (member "id" of the structured event)',
      attribute: 'id',
    },
    {
      name: 'structured: body is not JSON',
      message: structuredBody('not json'),
      reason: expect.stringMatching(/^structured message body is not valid UTF-8 JSON: /) as unknown as string,
    },
    {
      name: 'structured: body is an array',
      message: structuredBody([{ specversion: '1.0' }]),
      reason: 'structured message body must be a JSON object holding one event',
    },
    {
      name: 'structured: data and data_base64 together',
      message: structuredBody({ specversion: '1.0', id: '1', source: '/s', type: 't', data: 1, data_base64: 'AA==' }),
      reason: 'structured event has both "data" and "data_base64"; send only one',
      attribute: 'data',
    },
    {
      name: 'structured: data_base64 that is not base64',
      message: structuredBody({ specversion: '1.0', id: '1', source: '/s', type: 't', data_base64: 'not base64!' }),
      reason: '"data_base64" must be a base64 string (RFC 4648, with padding)',
      attribute: 'data_base64',
    },
    {
      name: 'structured: extension with an object value',
      message: structuredBody({ specversion: '1.0', id: '1', source: '/s', type: 't', meta: { a: 1 } }),
      reason: 'extension attribute "meta" (member "meta" of the structured event) has a object value; CloudEvents extension values are strings, 32-bit integers, booleans or binary',
      attribute: 'meta',
    },
    {
      name: 'batched mode',
      message: { headers: { 'content-type': 'application/cloudevents-batch+json' }, data: utf8.encode('[]') },
      reason: 'batched content mode is not supported on NATS; send one event per message',
    },
  ];

  it.each(cases)('$name', ({ message, reason, attribute }) => {
    const thrown = thrownBy(() => NatsBinding.toEvent(message));
    expect(thrown).toBeInstanceOf(CloudEventValidationError);
    expect(thrown).toMatchObject({ reason, message: reason, attribute });
    expect(NatsBinding.isEvent(message)).toBe(false);
  });
});

describe('NatsBinding refuses to send events it could not read back', () => {
  it.each([
    {
      name: 'an object-valued extension',
      event: ev({ meta: { a: 1 } }),
      reason: 'extension attribute "meta" (header "ce-meta" of the outgoing event) has a object value; CloudEvents extension values are strings, 32-bit integers, booleans or binary',
    },
    {
      name: 'an unpaired surrogate',
      event: ev({ subject: 'bad \uD800 text' }),
      reason: 'attribute "subject" contains an unpaired UTF-16 surrogate; CloudEvents strings must be valid Unicode',
    },
    {
      name: 'a number under a text content type',
      event: ev({ datacontenttype: 'text/plain', data: 42 }),
      reason: 'data is a number but datacontenttype "text/plain" is not a JSON type; send a string or a Uint8Array, or use application/json',
    },
  ])('binary: $name', ({ event, reason }) => {
    const err = thrownBy(() => NatsBinding.binary(event));
    expect(err).toBeInstanceOf(CloudEventValidationError);
    expect(err).toMatchObject({ reason });
  });
});
