import { Logger } from '@nestjs/common';
import type {
  ChannelStatusData,
  LiveStatusSnapshot,
  OperatorStatusData,
  QueueStatusData,
} from '@cc/contracts';
import { PostgresLiveStatusFallback } from './adapters/postgres-live-status.fallback';
import {
  LiveStatusStoreErrorCode,
  LiveStatusStoreUnavailableError,
} from './adapters/live-status-store-unavailable.error';
import { LiveStatusStore } from './adapters/live-status.store';
import { LiveStatusQueryService, REDIS_RETRY_WHILE_DEGRADED_MS } from './live-status-query.service';
import { aChannel, anOperator, aQueueStatus } from './testing/live-status.builders';

const queue = (name: string): QueueStatusData => aQueueStatus(name, { totalMembers: 1, available: 1 });

const channel = aChannel('1795381593.1', { name: 'PJSIP/1001-00000001', duration: 3 });

const unavailable = () =>
  new LiveStatusStoreUnavailableError(
    LiveStatusStoreErrorCode.RedisError,
    'read',
    'connect ECONNREFUSED 127.0.0.1:1',
  );

class FakeStore {
  down = false;
  operators = new Map<string, OperatorStatusData>();
  channels = new Map<string, ChannelStatusData>();
  queues = new Map<string, QueueStatusData>();

  private async read<T>(value: () => T): Promise<T> {
    if (this.down) throw unavailable();
    return value();
  }
  getOperator = (id: string) => this.read(() => this.operators.get(id) ?? null);
  getAllOperators = () => this.read(() => [...this.operators.values()]);
  getOperatorsByQueue = (name: string) =>
    this.read(() => [...this.operators.values()].filter((o) => o.queue === name));
  getChannel = (id: string) => this.read(() => this.channels.get(id) ?? null);
  getAllChannels = () => this.read(() => [...this.channels.values()]);
  getQueue = (name: string) => this.read(() => this.queues.get(name) ?? null);
  getAllQueues = () => this.read(() => [...this.queues.values()]);
  getFullSnapshot = () =>
    this.read((): LiveStatusSnapshot => ({
      source: 'redis',
      operators: [...this.operators.values()],
      channels: [...this.channels.values()],
      queues: [...this.queues.values()],
      takenAt: '2026-11-24T04:00:00.000Z',
    }));
  setOperator = (o: OperatorStatusData) => this.read(() => void this.operators.set(o.id, o));
  removeOperator = (id: string) => this.read(() => void this.operators.delete(id));
}

class FakePostgres {
  configured = [
    anOperator('sales', '1001', { status: 'UNKNOWN' }),
    anOperator('support', '1002', { status: 'UNKNOWN' }),
  ];
  operators = async (name?: string) => this.configured.filter((o) => name === undefined || o.queue === name);
  queueStatuses = async (name?: string) =>
    ['sales', 'support'].filter((q) => name === undefined || q === name).map(queue);
}

function setup() {
  const store = new FakeStore();
  const postgres = new FakePostgres();
  const sut = new LiveStatusQueryService(
    store as unknown as LiveStatusStore,
    postgres as unknown as PostgresLiveStatusFallback,
  );
  return { sut, store, postgres };
}

describe('LiveStatusQueryService', () => {
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers from Redis while Redis is up', async () => {
    const { sut, store } = setup();
    const live = anOperator('sales', '1001', { status: 'INUSE' });
    store.operators.set(live.id, live);
    store.queues.set('sales', queue('sales'));
    store.channels.set(channel.id, channel);

    await expect(sut.getOperatorsSnapshot()).resolves.toEqual({ source: 'redis', items: [live] });
    await expect(sut.getOperator(live.id)).resolves.toEqual({ source: 'redis', item: live });
    await expect(sut.getQueueOperators('support')).resolves.toEqual({ source: 'redis', items: [] });
    await expect(sut.getQueueStatus('sales')).resolves.toEqual({ source: 'redis', item: queue('sales') });
    await expect(sut.getChannels()).resolves.toEqual({ source: 'redis', items: [channel] });
    await expect(sut.getChannel('nope')).resolves.toEqual({ source: 'redis', item: null });
    expect((await sut.getDashboardData()).source).toBe('redis');
  });

  it('falls back to the Postgres configuration with source db when Redis fails', async () => {
    const { sut, store, postgres } = setup();
    store.down = true;

    await expect(sut.getOperatorsSnapshot()).resolves.toEqual({ source: 'db', items: postgres.configured });
    await expect(sut.getOperator('support:PJSIP/1002')).resolves.toEqual({
      source: 'db',
      item: postgres.configured[1],
    });
    await expect(sut.getOperator('sales:PJSIP/9999')).resolves.toEqual({ source: 'db', item: null });
    await expect(sut.getQueueOperators('sales')).resolves.toEqual({
      source: 'db',
      items: [postgres.configured[0]],
    });
    await expect(sut.getQueuesSnapshot()).resolves.toEqual({
      source: 'db',
      items: [queue('sales'), queue('support')],
    });
    await expect(sut.getQueueStatus('support')).resolves.toEqual({ source: 'db', item: queue('support') });
    await expect(sut.getChannels()).resolves.toEqual({ source: 'db', items: [] });
    await expect(sut.getChannel(channel.id)).resolves.toEqual({ source: 'db', item: null });
    const snapshot = await sut.getDashboardData();
    expect(snapshot).toMatchObject({ source: 'db', operators: postgres.configured, channels: [] });
    expect(snapshot.queues.map((q) => q.name)).toEqual(['sales', 'support']);
  });

  it('warns once per outage, not once per request, and again after Redis came back and failed anew', async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { sut, store } = setup();
    store.down = true;
    await sut.getOperatorsSnapshot();
    await sut.getQueuesSnapshot();
    await sut.getDashboardData();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('fall back to Postgres');

    store.down = false;
    clock.mockReturnValue(1_000_000 + REDIS_RETRY_WHILE_DEGRADED_MS);
    await expect(sut.getOperatorsSnapshot()).resolves.toMatchObject({ source: 'redis' });
    store.down = true;
    await expect(sut.getOperatorsSnapshot()).resolves.toMatchObject({ source: 'db' });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('while Redis is down, tries it at most once per retry interval and serves Postgres meanwhile', async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { sut, store } = setup();
    store.down = true;
    const attempts = jest.spyOn(store, 'getAllQueues');
    for (let i = 0; i < 5; i++) await sut.getQueuesSnapshot();
    expect(attempts).toHaveBeenCalledTimes(1);

    store.down = false;
    clock.mockReturnValue(1_000_000 + REDIS_RETRY_WHILE_DEGRADED_MS - 1);
    await expect(sut.getQueuesSnapshot()).resolves.toMatchObject({ source: 'db' });
    clock.mockReturnValue(1_000_000 + REDIS_RETRY_WHILE_DEGRADED_MS);
    await expect(sut.getQueuesSnapshot()).resolves.toMatchObject({ source: 'redis' });
    expect(attempts).toHaveBeenCalledTimes(2);
  });

  it('lets errors other than an unavailable Redis through', async () => {
    const { sut, store } = setup();
    store.getAllOperators = () => Promise.reject(new TypeError('bug'));
    await expect(sut.getOperatorsSnapshot()).rejects.toThrow('bug');
  });

  it('never writes to Postgres: a write with Redis down fails with LiveStatusStoreUnavailableError', async () => {
    const { sut, store } = setup();
    store.down = true;
    await expect(sut.saveOperator(anOperator('sales', '1003'))).rejects.toBeInstanceOf(
      LiveStatusStoreUnavailableError,
    );
  });

  it('deletes an operator only when Redis has it', async () => {
    const { sut, store } = setup();
    const live = anOperator('sales', '1001');
    store.operators.set(live.id, live);
    await expect(sut.deleteOperator('sales:PJSIP/9999')).resolves.toBe(false);
    await expect(sut.deleteOperator(live.id)).resolves.toBe(true);
    expect(store.operators.has(live.id)).toBe(false);
  });
});
