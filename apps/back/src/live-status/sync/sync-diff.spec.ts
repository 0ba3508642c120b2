import { buildSyncStatus, diffSyncViews } from './sync-diff';
import type { SyncMember, SyncView } from './sync-view';

function member(queue: string, ext: string, patch: Partial<SyncMember> = {}): SyncMember {
  const iface = `PJSIP/${ext}`;
  return {
    id: `${queue}:${iface}`,
    queue,
    interface: iface,
    name: `Agent ${ext}`,
    penalty: 0,
    paused: false,
    pausedReason: '',
    ...patch,
  };
}

const postgres: SyncView = {
  queues: [
    { name: 'sales', strategy: 'rrmemory' },
    { name: 'support', strategy: 'ringall' },
  ],
  members: [member('sales', '1001'), member('sales', '1002'), member('support', '1001')],
};

describe('diffSyncViews', () => {
  it('reports nothing when the other side holds the same configuration', () => {
    expect(diffSyncViews(postgres, structuredClone(postgres), 'redis')).toEqual([]);
  });

  it('lists members and queues the other side lacks or holds beyond Postgres', () => {
    const other: SyncView = {
      queues: [
        { name: 'sales', strategy: 'rrmemory' },
        { name: 'vip', strategy: 'ringall' },
      ],
      members: [member('sales', '1001'), member('support', '1001'), member('sales', '1009')],
    };
    expect(diffSyncViews(postgres, other, 'redis')).toEqual([
      { entity: 'queue', id: 'support', kind: 'missing', against: 'redis' },
      { entity: 'queue', id: 'vip', kind: 'extra', against: 'redis' },
      { entity: 'member', id: 'sales:PJSIP/1002', kind: 'missing', against: 'redis' },
      { entity: 'member', id: 'sales:PJSIP/1009', kind: 'extra', against: 'redis' },
    ]);
  });

  it('names each differing member field with the Postgres value first', () => {
    const other: SyncView = {
      queues: postgres.queues,
      members: [
        member('sales', '1001', { penalty: 5, name: 'Renamed' }),
        member('sales', '1002'),
        member('support', '1001', { paused: true, pausedReason: 'Training' }),
      ],
    };
    expect(diffSyncViews(postgres, other, 'asterisk')).toEqual([
      {
        entity: 'member',
        id: 'sales:PJSIP/1001',
        kind: 'different',
        against: 'asterisk',
        fields: { name: ['Agent 1001', 'Renamed'], penalty: [0, 5] },
      },
      {
        entity: 'member',
        id: 'support:PJSIP/1001',
        kind: 'different',
        against: 'asterisk',
        fields: { paused: [false, true], pausedReason: ['', 'Training'] },
      },
    ]);
  });

  it('flags a different queue strategy but not one the other side does not know yet', () => {
    const other: SyncView = {
      queues: [
        { name: 'sales', strategy: 'leastrecent' },
        { name: 'support', strategy: null },
      ],
      members: postgres.members,
    };
    expect(diffSyncViews(postgres, other, 'redis')).toEqual([
      {
        entity: 'queue',
        id: 'sales',
        kind: 'different',
        against: 'redis',
        fields: { strategy: ['rrmemory', 'leastrecent'] },
      },
    ]);
  });
});

describe('buildSyncStatus', () => {
  const checkedAt = new Date('2026-11-24T04:00:00.000Z');

  it('is in sync when Redis and Asterisk both answer with the Postgres configuration', () => {
    const status = buildSyncStatus({ checkedAt, postgres, redis: postgres, asterisk: postgres });
    expect(status).toEqual({
      checkedAt: '2026-11-24T04:00:00.000Z',
      inSync: true,
      postgres: { queues: 2, members: 3 },
      redis: { queues: 2, members: 3, available: true },
      asterisk: { queues: 2, members: 3, available: true },
      differences: [],
    });
  });

  it('marks Asterisk unavailable, lists no Asterisk differences, and is not in sync', () => {
    const redis: SyncView = { queues: postgres.queues, members: postgres.members.slice(1) };
    const status = buildSyncStatus({ checkedAt, postgres, redis, asterisk: null });
    expect(status.asterisk).toEqual({ queues: 0, members: 0, available: false });
    expect(status.inSync).toBe(false);
    expect(status.differences).toEqual([
      { entity: 'member', id: 'sales:PJSIP/1001', kind: 'missing', against: 'redis' },
    ]);
  });

  it('lists Redis differences before Asterisk ones', () => {
    const lacking: SyncView = { queues: postgres.queues, members: [] };
    const status = buildSyncStatus({ checkedAt, postgres, redis: lacking, asterisk: lacking });
    expect(status.differences.map((d) => d.against)).toEqual([
      'redis',
      'redis',
      'redis',
      'asterisk',
      'asterisk',
      'asterisk',
    ]);
  });
});
