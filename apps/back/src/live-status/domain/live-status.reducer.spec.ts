import type { LiveStatusFrame } from './live-status.input';
import type { LiveStatusChange } from '@cc/contracts';
import { readAmiFixture, stepsOf } from '../testing/ami-fixture.test-support';
import { applyAmiEvent, applyAmiEvents } from './live-status.reducer';
import { createLiveState, MAX_TRACKED_IGNORED_NAMES, memberIdOf, type LiveState } from './live-status.types';

const T0 = new Date('2026-11-22T21:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

function ev(event: string, fields: Record<string, string> = {}): LiveStatusFrame {
  return { Event: event, ...fields };
}

function member(queue: string, iface: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Queue: queue,
    MemberName: `Agent ${iface.slice(-4)}`,
    Interface: iface,
    StateInterface: iface,
    Membership: 'static',
    Penalty: '0',
    CallsTaken: '0',
    LastCall: '0',
    LastPause: '0',
    LoginTime: '1795381585',
    InCall: '0',
    Status: '1',
    Paused: '0',
    PausedReason: '',
    Ringinuse: '0',
    Wrapuptime: '0',
    ...extra,
  };
}

/** 1001 and 1002 idle in sales and support. */
function twoQueues(): LiveState {
  const state = createLiveState();
  for (const queue of ['sales', 'support']) {
    for (const iface of ['PJSIP/1001', 'PJSIP/1002'])
      applyAmiEvent(state, ev('QueueMemberStatus', member(queue, iface)), T0);
  }
  return state;
}

const operatorChanges = (changes: LiveStatusChange[]) => changes.filter((c) => c.kind === 'operator');

describe('memberIdOf', () => {
  it('joins queue and interface with a colon', () => {
    expect(memberIdOf('sales', 'PJSIP/1001')).toBe('sales:PJSIP/1001');
  });
});

describe('applyAmiEvent: queue members', () => {
  it('pauses the member in every queue when the agent takes a break (one QueueMemberPause per queue)', () => {
    const state = twoQueues();
    const changes = [
      ...applyAmiEvent(
        state,
        ev('QueueMemberPause', member('support', 'PJSIP/1001', { Paused: '1', PausedReason: 'Lunch' })),
        at(1),
      ),
      ...applyAmiEvent(
        state,
        ev('QueueMemberPause', member('sales', 'PJSIP/1001', { Paused: '1', PausedReason: 'Lunch' })),
        at(1),
      ),
    ];
    expect(operatorChanges(changes).map((c) => c.id)).toEqual(['support:PJSIP/1001', 'sales:PJSIP/1001']);
    for (const q of ['sales', 'support']) {
      expect(state.operators.get(`${q}:PJSIP/1001`)).toMatchObject({
        paused: true,
        pausedReason: 'Lunch',
        updatedAt: at(1).toISOString(),
      });
      expect(state.queues.get(q)?.value).toMatchObject({ paused: 1, available: 1 });
    }
    expect(state.operators.get('sales:PJSIP/1002')?.paused).toBe(false);
  });

  it('applies a legacy QueueMemberPaused without Queue to every queue of the interface', () => {
    const state = twoQueues();
    // Asterisk 1.8-11 shape: Location and Reason instead of Interface and PausedReason.
    const changes = applyAmiEvent(
      state,
      ev('QueueMemberPaused', {
        Location: 'PJSIP/1002',
        MemberName: 'Agent 1002',
        Paused: '1',
        Reason: 'Break',
      }),
      at(2),
    );
    expect(
      operatorChanges(changes)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['sales:PJSIP/1002', 'support:PJSIP/1002']);
    expect(state.operators.get('sales:PJSIP/1002')).toMatchObject({
      paused: true,
      pausedReason: 'Break',
      status: 'NOT_INUSE',
    });
  });

  it('prefers PausedReason over the older Reason header', () => {
    const state = twoQueues();
    applyAmiEvent(
      state,
      ev(
        'QueueMemberPaused',
        member('sales', 'PJSIP/1001', { Paused: '1', PausedReason: 'Coaching', Reason: 'Old' }),
      ),
      at(1),
    );
    expect(state.operators.get('sales:PJSIP/1001')?.pausedReason).toBe('Coaching');
  });

  it('clears the reason on unpause', () => {
    const state = twoQueues();
    applyAmiEvent(
      state,
      ev('QueueMemberPause', member('sales', 'PJSIP/1001', { Paused: '1', PausedReason: 'Lunch' })),
      at(1),
    );
    applyAmiEvent(
      state,
      ev('QueueMemberPause', member('sales', 'PJSIP/1001', { Paused: '0', PausedReason: '' })),
      at(2),
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({ paused: false, pausedReason: '' });
    // Even a legacy unpause that still names the reason.
    applyAmiEvent(
      state,
      ev('QueueMemberPause', member('sales', 'PJSIP/1001', { Paused: '1', PausedReason: 'Lunch' })),
      at(3),
    );
    applyAmiEvent(
      state,
      ev('QueueMemberPaused', { Queue: 'sales', Location: 'PJSIP/1001', Paused: '0', Reason: 'Lunch' }),
      at(4),
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({ paused: false, pausedReason: '' });
  });

  it('emits nothing when an event repeats what the state already says', () => {
    const state = twoQueues();
    expect(applyAmiEvent(state, ev('QueueMemberStatus', member('sales', 'PJSIP/1001')), at(5))).toEqual([]);
    expect(state.operators.get('sales:PJSIP/1001')?.updatedAt).toBe(T0.toISOString());
  });

  it('gives every change a strictly increasing version and the queue change after the operator change', () => {
    const state = twoQueues();
    const v0 = state.version;
    const changes = applyAmiEvent(
      state,
      ev('QueueMemberStatus', member('sales', 'PJSIP/1001', { Status: '5' })),
      at(1),
    );
    expect(changes.map((c) => [c.op, c.kind, c.version])).toEqual([
      ['upsert', 'operator', v0 + 1],
      ['upsert', 'queue', v0 + 2],
    ]);
  });

  it('maps a Local member with Status 4 to INVALID and counts it unavailable', () => {
    const state = createLiveState();
    applyAmiEvent(
      state,
      ev(
        'QueueMemberAdded',
        member('sales', 'Local/agent1@agents/n', {
          MemberName: 'Local Agent 1',
          Membership: 'dynamic',
          Status: '4',
          Paused: '1',
          PausedReason: 'Onboarding',
        }),
      ),
      T0,
    );
    expect(state.operators.get('sales:Local/agent1@agents/n')).toMatchObject({
      status: 'INVALID',
      membership: 'dynamic',
      paused: true,
      pausedReason: 'Onboarding',
    });
    expect(state.queues.get('sales')?.value).toMatchObject({
      totalMembers: 1,
      unavailable: 1,
      paused: 0,
      available: 0,
    });
  });

  it('updates the penalty and removes a dynamic member', () => {
    const state = createLiveState();
    applyAmiEvent(
      state,
      ev('QueueMemberAdded', member('support', 'PJSIP/1004', { Membership: 'dynamic', Status: '5' })),
      T0,
    );
    applyAmiEvent(
      state,
      ev(
        'QueueMemberPenalty',
        member('support', 'PJSIP/1004', { Membership: 'dynamic', Status: '5', Penalty: '2' }),
      ),
      at(1),
    );
    expect(state.operators.get('support:PJSIP/1004')?.penalty).toBe(2);
    const changes = applyAmiEvent(state, ev('QueueMemberRemoved', member('support', 'PJSIP/1004')), at(2));
    expect(changes.map((c) => [c.op, c.kind, c.id])).toEqual([
      ['remove', 'operator', 'support:PJSIP/1004'],
      ['upsert', 'queue', 'support'],
    ]);
    expect(state.membersByInterface.size).toBe(0);
    expect(state.membersByStateInterface.size).toBe(0);
  });

  it('turns CallsTaken and LastCall into numbers and ISO times, 0 meaning never', () => {
    const state = createLiveState();
    applyAmiEvent(
      state,
      ev('QueueMemberStatus', member('sales', 'PJSIP/1001', { CallsTaken: '3', LastCall: '1795381660' })),
      T0,
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({
      callsTaken: 3,
      lastCallAt: '2026-11-22T21:07:40.000Z',
    });
    applyAmiEvent(
      state,
      ev('QueueMemberStatus', member('sales', 'PJSIP/1001', { CallsTaken: '0', LastCall: '0' })),
      T0,
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({ callsTaken: 0, lastCallAt: null });
  });
});

describe('applyAmiEvents: a run of events applied together', () => {
  const run = [
    ev('QueueMemberPause', member('sales', 'PJSIP/1001', { Paused: '1', PausedReason: 'Lunch' })),
    ev('QueueMemberStatus', member('sales', 'PJSIP/1002', { Status: '2', InCall: '1' })),
    ev('QueueMemberPause', member('support', 'PJSIP/1001', { Paused: '1', PausedReason: 'Lunch' })),
  ];

  it("gives each queue one change, after the run's entity changes, with the totals event by event would end on", () => {
    const eachAlone = twoQueues();
    const valueOf = (change: LiveStatusChange): unknown => (change.op === 'upsert' ? change.value : null);
    const lastQueueValues = new Map<string, unknown>();
    for (const event of run)
      for (const change of applyAmiEvent(eachAlone, event, T0))
        if (change.kind === 'queue') lastQueueValues.set(change.id, valueOf(change));

    const together = twoQueues();
    const changes: LiveStatusChange[] = [];
    applyAmiEvents(together, run, 0, run.length, T0, changes, () => undefined);

    expect(changes.map((c) => `${c.kind} ${c.id}`)).toEqual([
      'operator sales:PJSIP/1001',
      'operator sales:PJSIP/1002',
      'operator support:PJSIP/1001',
      'queue sales',
      'queue support',
    ]);
    for (const change of changes.filter((c) => c.kind === 'queue'))
      expect(valueOf(change)).toEqual(lastQueueValues.get(change.id));
    expect(lastQueueValues.size).toBe(2);
    expect(changes.map((c) => c.version)).toEqual([...changes.map((c) => c.version)].sort((a, b) => a - b));
    expect([...together.operators.values()]).toEqual([...eachAlone.operators.values()]);
  });

  it('applies only events[from..to), appending to what the caller already holds', () => {
    const state = twoQueues();
    const changes: LiveStatusChange[] = [];
    applyAmiEvents(state, run, 1, 2, T0, changes, () => undefined);
    expect(changes.map((c) => `${c.kind} ${c.id}`)).toEqual(['operator sales:PJSIP/1002', 'queue sales']);
    expect(state.operators.get(memberIdOf('sales', 'PJSIP/1001'))?.paused).toBe(false);
  });

  it('reports an event it could not apply and goes on with the rest of the run', () => {
    const state = twoQueues();
    const poisoned: LiveStatusFrame = { ...run[0] };
    Object.defineProperty(poisoned, 'Interface', {
      get: () => {
        throw new Error('bug');
      },
    });
    const failed: string[] = [];
    const changes: LiveStatusChange[] = [];
    applyAmiEvents(state, [poisoned, run[1]], 0, 2, T0, changes, (event, error) =>
      failed.push(`${event.Event}: ${error instanceof Error ? error.message : String(error)}`),
    );
    expect(failed).toEqual(['QueueMemberPause: bug']);
    expect(changes.map((c) => `${c.kind} ${c.id}`)).toEqual(['operator sales:PJSIP/1002', 'queue sales']);
  });
});

describe('applyAmiEvent: device states', () => {
  it('moves the member with the device when no QueueMemberStatus follows', () => {
    const state = twoQueues();
    const changes = applyAmiEvent(
      state,
      ev('DeviceStateChange', { Device: 'PJSIP/1002', State: 'UNAVAILABLE' }),
      at(1),
    );
    expect(
      operatorChanges(changes)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['sales:PJSIP/1002', 'support:PJSIP/1002']);
    expect(state.operators.get('sales:PJSIP/1002')?.status).toBe('UNAVAILABLE');
    // The QueueMemberStatus that then arrives is authoritative and confirms without a new change.
    expect(
      applyAmiEvent(state, ev('QueueMemberStatus', member('sales', 'PJSIP/1002', { Status: '5' })), at(2)),
    ).toEqual([]);
  });

  it('treats Queue:* pseudo-devices as noise', () => {
    const state = twoQueues();
    expect(
      applyAmiEvent(
        state,
        ev('DeviceStateChange', { Device: 'Queue:sales_pause_PJSIP/1001', State: 'INUSE' }),
        at(1),
      ),
    ).toEqual([]);
    expect(state.devices.size).toBe(0);
    expect(state.operators.get('sales:PJSIP/1001')?.status).toBe('NOT_INUSE');
  });
});

describe('applyAmiEvent: calls', () => {
  const caller = {
    Channel: 'Local/500@from-external-00000001;2',
    Uniqueid: '10.3',
    Linkedid: '10.2',
    CallerIDNum: '+15551230001',
    CallerIDName: 'Customer One',
    ChannelState: '6',
    Exten: '500',
    Context: 'from-external',
  };
  const agent = { DestChannel: 'PJSIP/1001-00000000', DestUniqueid: '10.4' };

  function withCall(): LiveState {
    const state = twoQueues();
    applyAmiEvent(state, ev('Newchannel', caller), T0);
    applyAmiEvent(
      state,
      ev('Newchannel', {
        Channel: 'PJSIP/1001-00000000',
        Uniqueid: '10.4',
        Linkedid: '10.2',
        ChannelState: '0',
        CallerIDNum: '1001',
        ConnectedLineNum: '<unknown>',
        Exten: 's',
        Context: 'from-internal',
      }),
      at(1),
    );
    applyAmiEvent(
      state,
      ev('QueueCallerJoin', { ...caller, Queue: 'sales', Position: '1', Count: '1' }),
      at(1),
    );
    return state;
  }

  it('lists the waiting caller and reports the longest wait at the queue update', () => {
    const state = withCall();
    const other = {
      ...caller,
      Uniqueid: '11.1',
      Channel: 'Local/500@from-external-00000002;2',
      CallerIDNum: '<unknown>',
      CallerIDName: '<unknown>',
    };
    applyAmiEvent(state, ev('Newchannel', other), at(3));
    applyAmiEvent(
      state,
      ev('QueueCallerJoin', { ...other, Queue: 'sales', Position: '2', Count: '2' }),
      at(3),
    );
    expect(state.queues.get('sales')?.value).toMatchObject({
      callersWaiting: 2,
      longestWaitSec: 2,
      callers: [
        {
          uniqueid: '10.3',
          position: 1,
          callerId: '+15551230001',
          callerName: 'Customer One',
          joinedAt: at(1).toISOString(),
        },
        { uniqueid: '11.1', position: 2, callerId: '', callerName: '' },
      ],
    });
    // The first caller abandons: counted, removed, the second moves up.
    applyAmiEvent(
      state,
      ev('QueueCallerAbandon', {
        ...caller,
        Queue: 'sales',
        Position: '1',
        OriginalPosition: '1',
        HoldTime: '5',
      }),
      at(6),
    );
    applyAmiEvent(
      state,
      ev('QueueCallerLeave', { ...caller, Queue: 'sales', Position: '1', Count: '1' }),
      at(6),
    );
    expect(state.queues.get('sales')?.value).toMatchObject({
      abandoned: 1,
      callersWaiting: 1,
      callers: [{ uniqueid: '11.1', position: 1 }],
    });
  });

  it('drops a caller who leaves on its own (queue timeout, exit key) and moves the others up', () => {
    const state = withCall();
    const other = { ...caller, Uniqueid: '11.1', Channel: 'Local/500@from-external-00000002;2' };
    applyAmiEvent(state, ev('Newchannel', other), at(2));
    applyAmiEvent(
      state,
      ev('QueueCallerJoin', { ...other, Queue: 'sales', Position: '2', Count: '2' }),
      at(2),
    );
    const changes = applyAmiEvent(
      state,
      ev('QueueCallerLeave', { ...caller, Queue: 'sales', Position: '1', Count: '1' }),
      at(20),
    );
    expect(changes.map((c) => [c.kind, c.id])).toEqual([['queue', 'sales']]);
    expect(state.queues.get('sales')?.value).toMatchObject({
      abandoned: 0,
      callersWaiting: 1,
      callers: [{ uniqueid: '11.1', position: 1 }],
    });
    // The channel still knows which queue it came from.
    expect(state.channels.get('10.3')?.queue).toBe('sales');
  });

  it('sets the current call on AgentConnect and clears it on AgentComplete, counting the service level', () => {
    const state = withCall();
    applyAmiEvent(
      state,
      ev('QueueParams', {
        Queue: 'sales',
        Strategy: 'rrmemory',
        Completed: '1',
        Abandoned: '0',
        ServiceLevel: '20',
        ServicelevelPerf: '100.0',
      }),
      at(1),
    );
    applyAmiEvent(
      state,
      ev('AgentCalled', {
        ...caller,
        ...agent,
        Queue: 'sales',
        Interface: 'PJSIP/1001',
        MemberName: 'Agent 1001',
      }),
      at(1),
    );
    applyAmiEvent(
      state,
      ev('QueueCallerLeave', { ...caller, Queue: 'sales', Position: '1', Count: '0' }),
      at(31),
    );
    applyAmiEvent(
      state,
      ev('AgentConnect', {
        ...caller,
        ...agent,
        Queue: 'sales',
        Interface: 'PJSIP/1001',
        HoldTime: '30',
        RingTime: '2',
      }),
      at(31),
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({
      inCall: true,
      currentCall: { channel: caller.Channel, caller: '+15551230001', since: at(31).toISOString() },
    });
    expect(state.operators.get('support:PJSIP/1001')?.inCall).toBe(false);
    expect(state.channels.get('10.4')?.queue).toBe('sales');
    expect(state.queues.get('sales')?.value).toMatchObject({ busy: 1, available: 1 });
    // A status generated before the bridge still says InCall 0: the connected call wins.
    applyAmiEvent(state, ev('QueueMemberStatus', member('sales', 'PJSIP/1001', { Status: '2' })), at(32));
    expect(state.operators.get('sales:PJSIP/1001')?.inCall).toBe(true);
    applyAmiEvent(
      state,
      ev('AgentComplete', {
        ...caller,
        ...agent,
        Queue: 'sales',
        Interface: 'PJSIP/1001',
        HoldTime: '30',
        TalkTime: '6',
        Reason: 'agent',
      }),
      at(40),
    );
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({ inCall: false, currentCall: null });
    // One earlier call within 20 s, this one answered after 30 s.
    expect(state.queues.get('sales')?.value).toMatchObject({ completed: 2, serviceLevelPct: 50 });
    expect(state.memberByCallUniqueid.size).toBe(0);
  });

  it('clears the current call when a call leg hangs up without AgentComplete', () => {
    const state = withCall();
    applyAmiEvent(
      state,
      ev('AgentConnect', { ...caller, ...agent, Queue: 'sales', Interface: 'PJSIP/1001', HoldTime: '1' }),
      at(2),
    );
    const changes = applyAmiEvent(
      state,
      ev('Hangup', { Channel: 'PJSIP/1001-00000000', Uniqueid: '10.4', Cause: '16' }),
      at(3),
    );
    expect(changes.map((c) => [c.op, c.kind, c.id])).toEqual([
      ['upsert', 'operator', 'sales:PJSIP/1001'],
      ['remove', 'channel', '10.4'],
      ['upsert', 'queue', 'sales'],
    ]);
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({ inCall: false, currentCall: null });
  });

  it('does not resurrect a hung-up channel from a late NewCallerid', () => {
    const state = withCall();
    applyAmiEvent(state, ev('Hangup', { ...caller, Cause: '16' }), at(2));
    expect(applyAmiEvent(state, ev('NewCallerid', { ...caller, CallerIDNum: '1001' }), at(2))).toEqual([]);
    expect(state.channels.has('10.3')).toBe(false);
    expect(state.queues.get('sales')?.value?.callersWaiting).toBe(0);
  });

  it('tracks channel state, caller id, connected line and bridges', () => {
    const state = withCall();
    applyAmiEvent(
      state,
      ev('Newstate', { Uniqueid: '10.4', ChannelState: '5', ChannelStateDesc: 'Ringing' }),
      at(2),
    );
    applyAmiEvent(
      state,
      ev('NewConnectedLine', { Uniqueid: '10.4', ConnectedLineNum: '+15551230001' }),
      at(2),
    );
    expect(state.channels.get('10.4')).toMatchObject({
      state: 'RINGING',
      connectedLine: '+15551230001',
      callerId: '1001',
      duration: 1,
    });
    applyAmiEvent(state, ev('BridgeCreate', { BridgeUniqueid: 'b1' }), at(3));
    applyAmiEvent(state, ev('BridgeEnter', { BridgeUniqueid: 'b1', Uniqueid: '10.4' }), at(3));
    applyAmiEvent(state, ev('BridgeEnter', { BridgeUniqueid: 'b1', Uniqueid: '10.3' }), at(3));
    expect([state.channels.get('10.3')?.bridgeId, state.channels.get('10.4')?.bridgeId]).toEqual([
      'b1',
      'b1',
    ]);
    applyAmiEvent(state, ev('BridgeLeave', { BridgeUniqueid: 'b1', Uniqueid: '10.4' }), at(4));
    expect(state.channels.get('10.4')?.bridgeId).toBeNull();
    applyAmiEvent(state, ev('BridgeDestroy', { BridgeUniqueid: 'b1' }), at(5));
    expect(state.channels.get('10.3')?.bridgeId).toBeNull();
    expect(state.channelsByBridge.size).toBe(0);
  });
});

describe('applyAmiEvent: system and robustness', () => {
  it('flags a rebuild on Shutdown', () => {
    const state = twoQueues();
    const changes = applyAmiEvent(state, ev('Shutdown', { Shutdown: 'Cleanly', Restart: 'True' }), at(1));
    expect(changes).toEqual([]);
    expect(state.rebuildRequired).toBe(true);
    expect(state.rebuildReason).toBe('shutdown');
  });

  it('ignores and counts unknown events, responses and events it cannot use', () => {
    const state = twoQueues();
    expect(applyAmiEvent(state, ev('SomethingNew', { Foo: 'bar' }), at(1))).toEqual([]);
    applyAmiEvent(state, ev('SomethingNew'), at(1));
    applyAmiEvent(state, { Response: 'Success', ActionID: 'x' }, at(1));
    applyAmiEvent(state, ev('QueueMemberStatus', { Status: '1' }), at(1)); // no interface
    expect(state.stats.ignored).toBe(4);
    expect(Object.fromEntries(state.stats.ignoredByEvent)).toEqual({
      SomethingNew: 2,
      '(no Event)': 1,
      QueueMemberStatus: 1,
    });
  });

  it('never throws on garbage and keeps what it knew', () => {
    const state = twoQueues();
    const garbage: LiveStatusFrame[] = [
      {},
      ev(''),
      ev(
        'QueueMemberStatus',
        member('sales', 'PJSIP/1001', {
          Status: 'abc',
          InCall: 'maybe',
          Paused: '',
          CallsTaken: '1e3',
          LastCall: '-5',
          Penalty: 'x',
        }),
      ),
      ev('QueueMemberStatus', member('sales', 'PJSIP/1001', { Status: '99' })),
      ev('Newchannel', { Uniqueid: '1.1', ChannelState: 'x', ChannelStateDesc: 'Up' }),
      ev('Newstate', { Uniqueid: '1.1', ChannelState: '42' }),
      ev('QueueParams', { Queue: 'sales', Completed: 'lots', ServicelevelPerf: 'n/a', ServiceLevel: '' }),
      ev('QueueEntry', { Queue: 'sales', Uniqueid: '1.1', Wait: '??', Position: '' }),
      ev('CoreShowChannel', { Uniqueid: '2.2', Duration: 'forever' }),
      ev('CoreShowChannel', { Uniqueid: '3.3', Duration: '99999999999:00:00' }),
      ev('QueueEntry', { Queue: 'support', Uniqueid: '4.4', Wait: '99999999999999999999' }),
      ev('QueueMemberStatus', member('support', 'PJSIP/1001', { LastCall: '99999999999999999999' })),
      ev('AgentComplete', { Queue: 'sales', Interface: 'PJSIP/1001', HoldTime: 'NaN' }),
      ev('BridgeEnter', { Uniqueid: 'nope', BridgeUniqueid: 'b' }),
      ev('DeviceStateChange', { Device: 'PJSIP/1001', State: 'EXPLODED' }),
      ev('PeerStatus', { Peer: 'nodash', PeerStatus: 'Reachable' }),
      ev('ContactStatus', { EndpointName: '1001' }),
    ];
    for (const m of garbage) expect(() => applyAmiEvent(state, m, at(1))).not.toThrow();
    expect(state.operators.get('sales:PJSIP/1001')).toMatchObject({
      status: 'NOT_INUSE',
      inCall: false,
      paused: false,
      callsTaken: 0,
      penalty: 0,
    });
    expect(state.channels.get('1.1')?.state).toBe('UP');
    expect(state.queues.get('sales')?.value).toMatchObject({ completed: 1, callersWaiting: 1 });
  });

  it('stays bounded over 100k events: no per-event maps, no leaked channels, calls or bridges', () => {
    const call = stepsOf(readAmiFixture('queue_call_answered.ami'))
      .filter((s) => s.kind === 'event')
      .map((s) => s.message);
    const state = createLiveState();
    let applied = 0;
    let round = 0;
    while (applied < 100_000) {
      // Fresh Uniqueids and bridge ids per round, as a long-running Asterisk would produce.
      const suffix = `-r${round++}`;
      for (const m of call) {
        const renamed: Record<string, string> = { ...m };
        for (const key of ['Uniqueid', 'DestUniqueid', 'Linkedid', 'BridgeUniqueid'])
          if (renamed[key]) renamed[key] += suffix;
        applyAmiEvent(state, renamed, at(applied / 1000));
        applied++;
      }
      applyAmiEvent(state, ev(`Vendor${round}`), at(1));
    }
    expect(state.channels.size).toBe(0);
    expect(state.channelsByBridge.size).toBe(0);
    expect(state.memberByCallUniqueid.size).toBe(0);
    expect(state.dirtyQueues.size).toBe(0);
    expect(state.operators.size).toBe(2);
    expect(state.queues.size).toBe(2);
    expect(state.stats.ignoredByEvent.size).toBeLessThanOrEqual(MAX_TRACKED_IGNORED_NAMES);
    expect(state.stats.ignoredByEvent.get('(other)')).toBeGreaterThan(0);
    expect(state.queues.get('sales')?.value?.completed).toBe(round);
  });
});
