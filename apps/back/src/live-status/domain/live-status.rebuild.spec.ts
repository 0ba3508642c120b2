import { listOf, readAmiFixture, stepsOf } from '../testing/ami-fixture.test-support';
import { applyAmiEvent } from './live-status.reducer';
import { buildStateFromLists, diffStates, snapshotOf, type AmiLists } from './live-status.rebuild';
import type { LiveState } from './live-status.types';

const STARTUP_NOW = new Date('2026-11-22T21:06:38.100Z');
const startup = readAmiFixture('startup_state.ami');
const startupLists: AmiLists = {
  queueStatus: listOf(startup, 'queuestatus-1'),
  queueSummary: listOf(startup, 'queuesummary-1'),
  coreShowChannels: listOf(startup, 'coreshowchannels-1'),
  deviceStateList: listOf(startup, 'devicestatelist-1'),
  pjsipShowContacts: listOf(startup, 'pjsipshowcontacts-1'),
};
const build = (now = STARTUP_NOW, versionBase = 0) => buildStateFromLists(startupLists, now, versionBase);

function applyFixtureEvents(state: LiveState, fixture: string, now: Date): void {
  for (const step of stepsOf(readAmiFixture(fixture)))
    if (step.kind === 'event') applyAmiEvent(state, step.message, now);
}

describe('buildStateFromLists', () => {
  it('finds the connected call of an in-call member from the bridged channels', () => {
    const call = readAmiFixture('queue_call_answered.ami');
    const now = new Date('2026-11-22T21:07:35Z');
    const state = buildStateFromLists(
      {
        queueStatus: listOf(call, 'queuestatus-during-call'),
        queueSummary: [],
        coreShowChannels: listOf(call, 'coreshowchannels-during-call'),
        deviceStateList: [],
        pjsipShowContacts: [],
      },
      now,
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({
      status: 'INUSE',
      inCall: true,
      currentCall: {
        channel: 'Local/500@from-external-00000001;2',
        caller: '+15551230001',
        since: '2026-11-22T21:07:32.000Z',
      },
    });
    expect(state.operators.get('sales:PJSIP/1002')?.currentCall).toBeNull();
    expect(state.channels.get('1795381652.4')).toMatchObject({
      queue: 'sales',
      bridgeId: 'ef1e8c42-875b-4fbe-81d4-0b7a94b3bd5c',
    });
    expect(state.queues.get('sales')?.value).toMatchObject({
      totalMembers: 3,
      busy: 1,
      available: 1,
      unavailable: 1,
      callersWaiting: 0,
    });
    // The call then ends as events: the derived call is cleared like one seen live.
    const changes = applyAmiEvent(
      state,
      { Event: 'Hangup', Uniqueid: '1795381652.4', Channel: 'PJSIP/1001-00000000' },
      now,
    );
    expect(
      changes.some((c) => c.op === 'upsert' && c.kind === 'operator' && c.value.currentCall === null),
    ).toBe(true);
  });

  it('seeds the version counter so versions survive a process restart', () => {
    const state = build(STARTUP_NOW, 5_000);
    const [change] = applyAmiEvent(
      state,
      {
        Event: 'QueueMemberPause',
        Queue: 'sales',
        Interface: 'PJSIP/1001',
        Paused: '1',
        PausedReason: 'Lunch',
      },
      STARTUP_NOW,
    );
    expect(change.version).toBe(5_001);
  });
});

describe('diffStates', () => {
  it('reports no drift when the rebuilt state says the same, and hands over current objects and version', () => {
    const current = build();
    applyAmiEvent(current, { Event: 'SomethingElse' }, STARTUP_NOW);
    current.version = 42;
    const fresh = build(new Date(STARTUP_NOW.getTime() + 10_000));
    const result = diffStates(current, fresh);
    expect(result).toEqual({ changes: [], drift: 0 });
    expect(fresh.version).toBe(42);
    expect(fresh.operators.get('sales:PJSIP/1001')).toBe(current.operators.get('sales:PJSIP/1001'));
    // Start times estimated from Duration/Wait 10 s later are not drift; the exact ones are kept.
    expect(snapshotOf(fresh)).toEqual(snapshotOf(current));
  });

  it('turns every difference into a change of the rebuilt value, removals included', () => {
    const current = build();
    applyFixtureEvents(current, 'register_unregister.ami', new Date(STARTUP_NOW.getTime() + 5_000));
    applyAmiEvent(
      current,
      { Event: 'Newchannel', Uniqueid: '9.9', Channel: 'PJSIP/1002-00000009', ChannelState: '4' },
      STARTUP_NOW,
    );
    const versionBefore = current.version;
    const fresh = build(new Date(STARTUP_NOW.getTime() + 60_000));
    const { changes, drift } = diffStates(current, fresh);
    expect(changes.map((c) => [c.op, c.kind, c.id])).toEqual([
      ['upsert', 'operator', 'support:PJSIP/1001'],
      ['upsert', 'operator', 'sales:PJSIP/1001'],
      ['remove', 'channel', '9.9'],
      ['upsert', 'queue', 'support'],
      ['upsert', 'queue', 'sales'],
    ]);
    expect(drift).toBe(5);
    expect(changes.map((c) => c.version)).toEqual([1, 2, 3, 4, 5].map((n) => versionBefore + n));
    expect(changes[0]).toMatchObject({
      value: { status: 'NOT_INUSE', paused: true, pausedReason: 'Training' },
    });
    expect(current.operators.get('support:PJSIP/1001')?.status).toBe('UNAVAILABLE');
  });

  it('keeps what only events could know while a call is up, so a reconcile mid-call is not drift', () => {
    const call = readAmiFixture('queue_call_answered.ami');
    const lists = (withChannels: boolean): AmiLists => ({
      queueStatus: listOf(call, 'queuestatus-during-call'),
      queueSummary: [],
      coreShowChannels: withChannels ? listOf(call, 'coreshowchannels-during-call') : [],
      deviceStateList: [],
      pjsipShowContacts: [],
    });
    const t = new Date('2026-11-22T21:07:35Z');
    const current = buildStateFromLists(lists(true), t);
    const since = current.operators.get('sales:PJSIP/1001')?.currentCall?.since;

    const later = buildStateFromLists(lists(true), new Date(t.getTime() + 10_000));
    expect(diffStates(current, later)).toEqual({ changes: [], drift: 0 });
    expect(later.operators.get('sales:PJSIP/1001')?.currentCall?.since).toBe(since);

    // Without the channel list the rebuilt member is in call with nobody: the known party is kept.
    const blind = buildStateFromLists(lists(false), new Date(t.getTime() + 10_000));
    const { changes } = diffStates(current, blind);
    expect(changes.filter((c) => c.kind === 'operator')).toEqual([]);
    expect(blind.operators.get('sales:PJSIP/1001')?.currentCall).toEqual(
      current.operators.get('sales:PJSIP/1001')?.currentCall,
    );
    expect(blind.memberByCallUniqueid.get('1795381651.3')).toBe('sales:PJSIP/1001');
  });
});
