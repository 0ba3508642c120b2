import type { LiveStatusChange } from '@cc/contracts';
import type { LiveStatusWriter } from '../adapters/live-status.writer';
import type { LiveStatusContent } from '../domain/live-status.types';
import { LiveStatusIngestor, type IngestorObserver } from './live-status.ingestor';
import { ReducerLiveStateEngine } from './reducer-live-state.engine';

/** Events processed per turn of the event loop before yielding back to the socket. */
export const INGESTION_CHUNK_SIZE = 5000;
/** Events kept while a rebuild runs; beyond that the oldest are dropped and another rebuild follows. */
export const MAX_BUFFERED_DURING_REBUILD = 500_000;

export interface LiveStatusPipeline {
  readonly engine: ReducerLiveStateEngine;
  readonly ingestor: LiveStatusIngestor<LiveStatusChange, LiveStatusContent>;
}

/**
 * AMI frames -> reducer -> writer, assembled in one place: the ingestion service runs this, and the
 * benchmarks run exactly this, so they measure what production does. Feed it with `ingestor.push`
 * (every frame, in wire order) and `ingestor.rebuild(listSource)` after each login.
 */
export function createLiveStatusPipeline(
  writer: LiveStatusWriter,
  observer: IngestorObserver<LiveStatusChange, LiveStatusContent>,
  options: { listTimeoutMs: number },
): LiveStatusPipeline {
  const engine = new ReducerLiveStateEngine();
  const ingestor = new LiveStatusIngestor<LiveStatusChange, LiveStatusContent>(
    engine,
    {
      write: (changes) => writer.enqueue(changes),
      replaceAll: async (snapshot) => void (await writer.replaceAll(snapshot)),
    },
    observer,
    {
      chunkSize: INGESTION_CHUNK_SIZE,
      maxBuffered: MAX_BUFFERED_DURING_REBUILD,
      listTimeoutMs: options.listTimeoutMs,
    },
  );
  return { engine, ingestor };
}
