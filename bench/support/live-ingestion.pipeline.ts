// The production ingestion path without Nest, built by the same createLiveStatusPipeline the service uses:
// AmiClient -> LiveStatusIngestor (reducer engine) -> LiveStatusWriter -> a live store (Redis, or the Postgres baseline).
import { AmiClient } from '@cc/ami';
import { LiveStatusWriter } from '../../apps/back/src/live-status/adapters/live-status.writer';
import type {
  LiveStatusStoreBatchSink,
  LiveStatusStoreLogger,
} from '../../apps/back/src/live-status/writes/live-status-store.types';
import { listFrames } from '../../apps/back/src/ami/ami-list.answer';
import { createLiveStatusPipeline } from '../../apps/back/src/live-status/ingestion/live-status.pipeline';
import { waitFor } from './bench-runner';

export interface PipelineCounters {
  received: number;
  applied: number;
  buffered: number;
  writesRequested: number;
  writesFlushed: number;
  flushes: number;
  failures: number;
}

export interface RunningIngestion {
  readonly client: AmiClient;
  counters(): PipelineCounters;
  /** Waits until everything applied so far has reached the store. */
  flush(): Promise<void>;
  /** Waits until every event received so far has been applied and has reached the store. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

const benchLogger: LiveStatusStoreLogger = {
  debug: () => undefined,
  warn: (message) => console.warn(`writer: ${message}`),
  error: (message) => console.error(`writer: ${message}`),
};

function connectClient(port: number, credentials: { username: string; secret: string }): AmiClient {
  return new AmiClient({
    host: '127.0.0.1',
    port,
    ...credentials,
    // A flood can hold a Ping answer behind megabytes of events; the bench must not call that a stall.
    pingIntervalMs: 60_000,
    reconnect: { initialDelayMs: 60_000 },
  });
}

/** The AMI client alone: what parsing costs with nothing done with the events. */
export async function startParseOnly(
  port: number,
  credentials: { username: string; secret: string },
): Promise<RunningIngestion> {
  const client = connectClient(port, credentials);
  client.onEvent(() => undefined);
  client.start();
  await waitFor('AMI login', () => client.status === 'connected', 10_000);
  const zero = { applied: 0, buffered: 0, writesRequested: 0, writesFlushed: 0, flushes: 0, failures: 0 };
  return {
    client,
    counters: () => ({ ...zero, received: client.stats.eventsReceived }),
    flush: async () => undefined,
    settle: async () => undefined,
    stop: () => client.stop(),
  };
}

/** Connects, rebuilds from the lists as the service does after a login, and returns once live. */
export async function startIngestion(
  port: number,
  credentials: { username: string; secret: string },
  sink: LiveStatusStoreBatchSink,
): Promise<RunningIngestion> {
  const client = connectClient(port, credentials);
  const writer = new LiveStatusWriter(sink, { logger: benchLogger });
  const { ingestor } = createLiveStatusPipeline(
    writer,
    { error: (message, error) => console.error(`ingestor: ${message}`, error) },
    { listTimeoutMs: 10_000 },
  );
  const lists = { list: listFrames.bind(null, client) };
  client.onEvent((event) => ingestor.push(event));
  client.onConnected(() => {
    ingestor.rebuild(lists).catch((error: unknown) => console.error('rebuild failed:', error));
  });
  client.start();
  await waitFor('AMI login and rebuild', () => ingestor.status.mode === 'live', 15_000);
  return {
    client,
    counters: () => {
      const status = ingestor.status;
      const stats = writer.stats;
      return {
        received: client.stats.eventsReceived,
        applied: status.processed,
        buffered: status.buffered,
        writesRequested: stats.writesRequested,
        writesFlushed: stats.writesFlushed,
        flushes: stats.flushes,
        failures: stats.failures,
      };
    },
    flush: () => writer.flush(),
    settle: async () => {
      await waitFor('the ingestion to drain', () => ingestor.status.buffered === 0, 30_000);
      await writer.flush();
    },
    stop: async () => {
      ingestor.suspend();
      await writer.flush().catch((error: unknown) => console.error('final flush failed:', error));
      writer.stop();
      await client.stop();
    },
  };
}
