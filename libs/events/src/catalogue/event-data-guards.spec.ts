import { isAutoscalerDecisionData, isRuntimeEndpointsData } from './event-data-guards';

const decision = {
  namespace: 'default',
  revision: 'hello-00001',
  timestamp: '2026-11-25T12:00:00.000Z',
  desiredScale: 2,
  excessBurstCapacity: 0,
  observedStableConcurrency: 1.5,
  observedPanicConcurrency: 2.5,
  panicking: false,
};

const endpoints = {
  namespace: 'default',
  revision: 'hello-00001',
  runtime: 'r1',
  sequence: 3,
  endpoints: [{ pod: 'hello-00001-deployment-abc', host: '127.0.0.1', port: 40123 }],
};

describe('isRuntimeEndpointsData', () => {
  it('takes a well-formed hint, also with no endpoints', () => {
    expect(isRuntimeEndpointsData(endpoints)).toBe(true);
    expect(isRuntimeEndpointsData({ ...endpoints, endpoints: [] })).toBe(true);
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['no runtime', { ...endpoints, runtime: undefined }],
    ['sequence as a string', { ...endpoints, sequence: '3' }],
    ['endpoints not an array', { ...endpoints, endpoints: {} }],
    ['an endpoint without a host', { ...endpoints, endpoints: [{ pod: 'p', port: 1 }] }],
    ['an empty host', { ...endpoints, endpoints: [{ pod: 'p', host: '', port: 1 }] }],
    ['port 0', { ...endpoints, endpoints: [{ pod: 'p', host: 'h', port: 0 }] }],
    ['port 65536', { ...endpoints, endpoints: [{ pod: 'p', host: 'h', port: 65536 }] }],
    ['a fractional port', { ...endpoints, endpoints: [{ pod: 'p', host: 'h', port: 80.5 }] }],
    ['a null endpoint', { ...endpoints, endpoints: [null] }],
  ])('refuses %s', (_name, value) => expect(isRuntimeEndpointsData(value)).toBe(false));
});

describe('isAutoscalerDecisionData', () => {
  it('takes a well-formed decision', () => expect(isAutoscalerDecisionData(decision)).toBe(true));

  it.each([
    ['a negative scale', { ...decision, desiredScale: -1 }],
    ['a fractional scale', { ...decision, desiredScale: 1.5 }],
    ['no timestamp', { ...decision, timestamp: undefined }],
    ['no excess burst capacity', { ...decision, excessBurstCapacity: undefined }],
    ['panicking as a string', { ...decision, panicking: 'false' }],
  ])('refuses %s', (_name, value) => expect(isAutoscalerDecisionData(value)).toBe(false));
});
