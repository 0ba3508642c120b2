import { createTestApp, type TestApp, type TestAppOptions } from '../../../support/test-app';
import { LiveStateEventsBridgeModule } from './live-state-events.bridge';

/** createTestApp with the live-state events the realtime gateway consumes (see the bridge's note). */
export function createRealtimeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  return createTestApp({ ...options, imports: [LiveStateEventsBridgeModule, ...(options.imports ?? [])] });
}
