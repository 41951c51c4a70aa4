// Whole platforms as processes: a generous default per test (tests wait on conditions).
jest.setTimeout(120_000);
