import { UNVERSIONED } from './domain/live-status.types';
import type { LiveStatusChange } from '@cc/contracts';
import { Logger } from '@nestjs/common';
import type { AmiMessage } from '@cc/ami';
import type { OperatorStatusData, QueueStatusData } from '@cc/contracts';
import { PostgresLiveStatusFallback } from './adapters/postgres-live-status.fallback';
import {
  LiveStatusStoreErrorCode,
  LiveStatusStoreUnavailableError,
} from './adapters/live-status-store-unavailable.error';
import { LiveStatusStore } from './adapters/live-status.store';
import type { LiveStatusControl } from './ingestion/live-status-control.port';
import { QueueConfigSyncService } from './queue-config-sync.service';
import { anOperator, aQueueStatus } from './testing/live-status.builders';

// Postgres seeds members before Asterisk has told their device state.
const operator = (queue: string, ext: string, patch: Partial<OperatorStatusData> = {}): OperatorStatusData =>
  anOperator(queue, ext, { status: 'UNKNOWN', ...patch });
const queue = (name: string): QueueStatusData => aQueueStatus(name, { totalMembers: 1 });

class FakeStore {
  down = false;
  operators: OperatorStatusData[] = [];
  queues: QueueStatusData[] = [];
  writes: LiveStatusChange[][] = [];

  private guard(): void {
    if (this.down)
      throw new LiveStatusStoreUnavailableError(LiveStatusStoreErrorCode.Timeout, 'op', 'no answer');
  }
  getAllOperators = async () => (this.guard(), this.operators);
  getAllQueues = async () => (this.guard(), this.queues);
  applyWrites = async (writes: readonly LiveStatusChange[]) => {
    this.guard();
    this.writes.push([...writes]);
  };
}

class FakeControl implements LiveStatusControl {
  ingesting = true;
  rebuilds = 0;
  answer: AmiMessage[] | null = null;
  async rebuildFromAsterisk(): Promise<boolean> {
    this.rebuilds++;
    return this.ingesting;
  }
  async queueStatusFromAsterisk(): Promise<AmiMessage[] | null> {
    return this.answer;
  }
}

function setup() {
  const store = new FakeStore();
  const control = new FakeControl();
  const postgres = {
    operators: async () => [operator('sales', '1001'), operator('sales', '1002')],
    queueStatuses: async () => [queue('sales')],
  };
  const sut = new QueueConfigSyncService(
    store as unknown as LiveStatusStore,
    postgres as unknown as PostgresLiveStatusFallback,
    control,
  );
  return { sut, store, control };
}

describe('QueueConfigSyncService', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('seeds at start-up only what Redis lacks', async () => {
    const { sut, store } = setup();
    store.operators = [operator('sales', '1001', { status: 'INUSE' })];
    await sut.onApplicationBootstrap();
    expect(store.writes).toEqual([
      [
        { kind: 'queue', op: 'upsert', version: UNVERSIONED, id: 'sales', value: queue('sales') },
        {
          kind: 'operator',
          op: 'upsert',
          version: UNVERSIONED,
          id: 'sales:PJSIP/1002',
          value: operator('sales', '1002'),
        },
      ],
    ]);
  });

  it('does not fail the start-up when Redis is down', async () => {
    const { sut, store } = setup();
    store.down = true;
    await expect(sut.onApplicationBootstrap()).resolves.toBeUndefined();
  });

  it('resync reloads Postgres into Redis, then asks the ingestion to rebuild from Asterisk', async () => {
    const { sut, store, control } = setup();
    await expect(sut.resyncAll()).resolves.toEqual({ queues: 1, members: 2, rebuiltFromAsterisk: true });
    expect(store.writes[0].map((w) => `${w.op}:${w.id}`)).toEqual([
      'upsert:sales',
      'upsert:sales:PJSIP/1001',
      'upsert:sales:PJSIP/1002',
    ]);
    expect(control.rebuilds).toBe(1);
  });

  it('resync says so when this instance could not rebuild from Asterisk', async () => {
    const { sut, control } = setup();
    control.ingesting = false;
    await expect(sut.resyncAll()).resolves.toMatchObject({ rebuiltFromAsterisk: false });
  });

  it('resync fails with LiveStatusStoreUnavailableError when Redis is down', async () => {
    const { sut, store, control } = setup();
    store.down = true;
    await expect(sut.resyncAll()).rejects.toBeInstanceOf(LiveStatusStoreUnavailableError);
    expect(control.rebuilds).toBe(0);
  });

  it('sync status compares Redis and Asterisk with Postgres', async () => {
    const { sut, store, control } = setup();
    store.queues = [queue('sales')];
    store.operators = [operator('sales', '1001'), operator('sales', '1009')];
    control.answer = [
      { Event: 'QueueParams', Queue: 'sales', Strategy: 'rrmemory' },
      {
        Event: 'QueueMember',
        Queue: 'sales',
        Name: 'Agent 1001',
        Location: 'PJSIP/1001',
        Penalty: '2',
        Paused: '0',
        PausedReason: '',
        Status: '1',
      },
    ];
    const status = await sut.getSyncStatus();
    expect(status.redis).toEqual({ queues: 1, members: 2, available: true });
    expect(status.asterisk).toEqual({ queues: 1, members: 1, available: true });
    expect(status.differences).toEqual([
      { entity: 'member', id: 'sales:PJSIP/1002', kind: 'missing', against: 'redis' },
      { entity: 'member', id: 'sales:PJSIP/1009', kind: 'extra', against: 'redis' },
      {
        entity: 'member',
        id: 'sales:PJSIP/1001',
        kind: 'different',
        against: 'asterisk',
        fields: { penalty: [0, 2] },
      },
      { entity: 'member', id: 'sales:PJSIP/1002', kind: 'missing', against: 'asterisk' },
    ]);
    expect(status.inSync).toBe(false);
  });

  it('sync status reports an unreachable Redis or Asterisk as unavailable instead of failing', async () => {
    const { sut, store } = setup();
    store.down = true;
    const status = await sut.getSyncStatus();
    expect(status.redis.available).toBe(false);
    expect(status.asterisk.available).toBe(false);
    expect(status.postgres).toEqual({ queues: 1, members: 2 });
    expect(status.differences).toEqual([]);
    expect(status.inSync).toBe(false);
  });
});
