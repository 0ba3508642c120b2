// The production ingestion path assembled without Nest: AmiClient -> LiveStatusIngestor (reducer engine)
// -> LiveStatusWriter -> a live store (Redis, or the Postgres baseline).
import { AmiClient } from '@cc/ami';
import { LiveStatusWriter } from '../../apps/back/src/live-status/adapters/live-status.writer';
import type {
  LiveStatusStoreBatchSink,
  LiveStatusStoreLogger,
} from '../../apps/back/src/live-status/writes/live-status-store.types';
import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusContent } from '../../apps/back/src/live-status/domain/live-status.types';
import { LiveStatusIngestor } from '../../apps/back/src/live-status/ingestion/live-status.ingestor';
import { ReducerLiveStateEngine } from '../../apps/back/src/live-status/ingestion/reducer-live-state.engine';
import { waitFor } from './bench-runner';

// Same as LiveStatusIngestionService, so the bench measures the production settings.
const CHUNK_SIZE = 5000;
const MAX_BUFFERED_DURING_REBUILD = 500_000;

export interface PipelineCounters {
  received: number;
  applied: number;
  buffered: number;
  writesRequested: number;
  writesFlushed: number;
  flushes: number;
  failures: number;
}

export interface IngestionPipeline {
  readonly client: AmiClient;
  counters(): PipelineCounters;
  /** Waits until everything applied so far has reached the store. */
  flush(): Promise<void>;
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
): Promise<IngestionPipeline> {
  const client = connectClient(port, credentials);
  client.onEvent(() => undefined);
  client.start();
  await waitFor('AMI login', () => client.status === 'connected', 10_000);
  const zero = { applied: 0, buffered: 0, writesRequested: 0, writesFlushed: 0, flushes: 0, failures: 0 };
  return {
    client,
    counters: () => ({ ...zero, received: client.stats.eventsReceived }),
    flush: async () => undefined,
    stop: () => client.stop(),
  };
}

/** Connects, rebuilds from the lists as the service does after a login, and returns once live. */
export async function startIngestion(
  port: number,
  credentials: { username: string; secret: string },
  sink: LiveStatusStoreBatchSink,
): Promise<IngestionPipeline> {
  const client = connectClient(port, credentials);
  const engine = new ReducerLiveStateEngine();
  const writer = new LiveStatusWriter(sink, { logger: benchLogger });
  const ingestor = new LiveStatusIngestor<LiveStatusChange, LiveStatusContent>(
    engine,
    {
      write: (changes) => writer.enqueue(changes),
      replaceAll: async (snapshot) => void (await writer.replaceAll(snapshot)),
    },
    { error: (message, error) => console.error(`ingestor: ${message}`, error) },
    { chunkSize: CHUNK_SIZE, maxBuffered: MAX_BUFFERED_DURING_REBUILD, listTimeoutMs: 10_000 },
  );
  client.onEvent((event) => ingestor.push(event));
  client.onConnected(() => {
    ingestor.rebuild(client).catch((error: unknown) => console.error('rebuild failed:', error));
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
    stop: async () => {
      ingestor.suspend();
      await writer.flush().catch((error: unknown) => console.error('final flush failed:', error));
      writer.stop();
      await client.stop();
    },
  };
}
