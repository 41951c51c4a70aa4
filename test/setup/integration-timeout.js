// Real servers and processes on a shared 2-core machine: a generous default per test.
jest.setTimeout(30_000);
