import { clientAddress, scanRequestHeaders } from './request-headers';

const asMap = (flat: string[]) => {
  const m: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) m[flat[i].toLowerCase()] = flat[i + 1];
  return m;
};

describe('scanRequestHeaders', () => {
  it('keeps Host and user headers, drops hop-by-hop and Knative-internal ones, adds forwarding headers', () => {
    const scanned = scanRequestHeaders(
      ['Host', 'a.b.example.com:8080', 'X-User', '1', 'Connection', 'keep-alive', 'Keep-Alive', 'timeout=5', 'Knative-Serving-Tag', 't', 'K-Network-Hash', 'h', 'Transfer-Encoding', 'chunked', 'Upgrade', 'h2c'],
      '10.1.2.3',
    );
    expect(scanned).toMatchObject({ host: 'a.b.example.com:8080', hasBody: true, probe: undefined });
    expect(asMap(scanned.headers)).toEqual({
      host: 'a.b.example.com:8080',
      'x-user': '1',
      'x-forwarded-for': '10.1.2.3',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'a.b.example.com:8080',
      forwarded: 'for=10.1.2.3;proto=http;host="a.b.example.com:8080"',
    });
  });

  it('appends to X-Forwarded-For and Forwarded, keeps an outer proxy\'s proto and host, quotes IPv6', () => {
    const scanned = scanRequestHeaders(
      ['host', 'h', 'x-forwarded-for', '1.1.1.1', 'Forwarded', 'for=1.1.1.1', 'X-Forwarded-Proto', 'https', 'X-Forwarded-Host', 'outer'],
      '::1',
    );
    expect(asMap(scanned.headers)).toMatchObject({
      'x-forwarded-for': '1.1.1.1, ::1',
      forwarded: 'for=1.1.1.1, for="[::1]";proto=http;host=h',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'outer',
    });
  });

  it('reports the probe header and a body-less request', () => {
    expect(scanRequestHeaders(['K-Network-Probe', 'activator', 'Content-Length', '0'], '1.2.3.4')).toMatchObject({ probe: 'activator', hasBody: false });
  });

  it('unwraps IPv4-mapped client addresses', () => {
    expect(clientAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientAddress('::1')).toBe('::1');
  });
});
