import { createTestApp, type TestApp, type TestAppOptions } from '../../../support/test-app';

/** createTestApp for the realtime tests: the ingestion emits the live-state events the gateway consumes. */
export function createRealtimeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return createTestApp(options);
}
