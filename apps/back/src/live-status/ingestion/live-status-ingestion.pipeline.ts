import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusWriter } from '../adapters/live-status.writer';
import type { LiveStatusContent } from '../domain/live-status.types';
import { LiveStatusIngestor, type IngestorObserver } from './live-status.ingestor';
import { ReducerLiveStateEngine } from './reducer-live-state.engine';

// Events applied per turn of the event loop: large enough that the per-chunk costs (one Date, one
// enqueue) vanish, small enough that the socket is read again within a few milliseconds.
const CHUNK_SIZE = 5000;
// About a minute of a busy site's events while a rebuild fetches the lists, a few hundred MB at worst.
const MAX_BUFFERED_DURING_REBUILD = 500_000;

export interface IngestionPipelineOptions {
  /** Where the changes go: the coalescing writer in front of the (fenced) live store. */
  writer: LiveStatusWriter;
  listTimeoutMs: number;
  observer?: IngestorObserver<LiveStatusChange, LiveStatusContent>;
}

export interface IngestionPipeline {
  readonly engine: ReducerLiveStateEngine;
  readonly ingestor: LiveStatusIngestor<LiveStatusChange, LiveStatusContent>;
  readonly writer: LiveStatusWriter;
}

/**
 * AMI events -> reducer -> writer, wired once: the ingestion service and the benchmarks under bench/
 * both build it here, so a benchmark measures exactly what production runs. The caller feeds
 * `ingestor.push` from its AMI connection and calls `ingestor.rebuild` after each login.
 */
export function createIngestionPipeline(options: IngestionPipelineOptions): IngestionPipeline {
  const { writer } = options;
  const engine = new ReducerLiveStateEngine();
  const ingestor = new LiveStatusIngestor<LiveStatusChange, LiveStatusContent>(
    engine,
    {
      write: (changes) => writer.enqueue(changes),
      replaceAll: async (snapshot) => void (await writer.replaceAll(snapshot)),
    },
    options.observer ?? {},
    {
      chunkSize: CHUNK_SIZE,
      maxBuffered: MAX_BUFFERED_DURING_REBUILD,
      listTimeoutMs: options.listTimeoutMs,
    },
  );
  return { engine, ingestor, writer };
}
