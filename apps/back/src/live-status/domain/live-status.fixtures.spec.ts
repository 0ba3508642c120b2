import type { AmiMessage } from '@cc/ami';
import type { OperatorStatusData } from '@cc/contracts';
import { listOf, readAmiFixture, stepsOf } from '../testing/ami-fixture.test-support';
import { applyAmiEvent } from './live-status.reducer';
import { buildStateFromLists, snapshotOf, type AmiLists } from './live-status.rebuild';
import { createLiveState, memberIdOf, type LiveState } from './live-status.types';
import { parseDecimalField, parseEpochSeconds, parseIntField, parseMemberStatus } from './ami-field.parsers';

// Approach: Asterisk sends no snapshot on login, so an events-only transcript needs a starting
// state. All five transcripts come from one Asterisk run (FullyBooted Uptime 13 -> 19 -> 66 -> 119
// -> 132 s) and startup_state.ami was captured first, so the event transcripts start from the state
// built from startup_state's own lists. Between captures things happened that no transcript shows,
// so each QueueStatus answer is only compared for what the replayed events touched, as the issue
// asks. queue_call_answered is also replayed from an empty state: events alone must rebuild the
// members they mention.

const STARTUP_NOW = new Date('2026-11-22T21:06:38.100Z');

function startupLists(messages: readonly AmiMessage[]): AmiLists {
  return {
    queueStatus: listOf(messages, 'queuestatus-1'),
    queueSummary: listOf(messages, 'queuesummary-1'),
    coreShowChannels: listOf(messages, 'coreshowchannels-1'),
    deviceStateList: listOf(messages, 'devicestatelist-1'),
    pjsipShowContacts: listOf(messages, 'pjsipshowcontacts-1'),
  };
}

function startupState(): LiveState {
  return buildStateFromLists(startupLists(readAmiFixture('startup_state.ami')), STARTUP_NOW);
}

/** What a replay touched, from the changes it produced and the queue events it applied. */
interface Touched {
  members: Set<string>;
  callerQueues: Set<string>;
  counterQueues: Set<string>;
}

interface Replay {
  state: LiveState;
  touched: Touched;
  /** QueueStatus answers in order, each checked at its place in the stream. */
  answers: { actionId: string; items: AmiMessage[]; checked: number }[];
}

type AnswerCheck = (state: LiveState, items: AmiMessage[], touched: Touched) => number;

const CALLER_EVENTS = new Set(['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon']);
const CALL_EVENTS = new Set([
  ...CALLER_EVENTS,
  'AgentCalled',
  'AgentConnect',
  'AgentComplete',
  'AgentRingNoAnswer',
]);

function replay(
  fixture: string,
  initial: LiveState,
  start: Date,
  checks: Record<string, AnswerCheck> = {},
  // Completed/Abandoned/ServicelevelPerf are only determined when the initial state knew them.
  countersKnown = true,
): Replay {
  const state = initial;
  const touched: Touched = { members: new Set(), callerQueues: new Set(), counterQueues: new Set() };
  const answers: Replay['answers'] = [];
  let tick = 0;
  for (const step of stepsOf(readAmiFixture(fixture))) {
    // Transcripts carry no timestamps; 250 ms per message keeps hold times in range.
    const now = new Date(start.getTime() + 250 * tick++);
    if (step.kind === 'list') {
      const check = checks[step.actionId] ?? expectAgreesWithQueueStatus;
      const checked = step.items.some((m) => m.Event === 'QueueParams')
        ? check(state, step.items, touched)
        : 0;
      answers.push({ actionId: step.actionId, items: step.items, checked });
      continue;
    }
    const e = step.message;
    for (const change of applyAmiEvent(state, e, now)) {
      if (change.kind === 'operator') touched.members.add(change.id);
    }
    if (e.Queue && e.Event && CALLER_EVENTS.has(e.Event)) touched.callerQueues.add(e.Queue);
    if (countersKnown && e.Queue && e.Event && CALL_EVENTS.has(e.Event)) touched.counterQueues.add(e.Queue);
  }
  return { state, touched, answers };
}

function memberFieldsOfItem(item: AmiMessage): Partial<OperatorStatusData> {
  return {
    name: item.Name,
    status: parseMemberStatus(item.Status),
    paused: item.Paused === '1',
    pausedReason: item.PausedReason,
    inCall: item.InCall === '1',
    callsTaken: parseIntField(item.CallsTaken),
    lastCallAt: parseEpochSeconds(item.LastCall),
    penalty: parseIntField(item.Penalty),
  };
}

function memberFieldsOfState(op: OperatorStatusData | undefined): Partial<OperatorStatusData> | undefined {
  if (!op) return undefined;
  const { name, status, paused, pausedReason, inCall, callsTaken, lastCallAt, penalty } = op;
  return { name, status, paused, pausedReason, inCall, callsTaken, lastCallAt, penalty };
}

/**
 * Compares every touched member and every queue whose callers/counters the events determined with
 * a QueueStatus answer. Returns how many comparisons were made, so a test can insist on some.
 */
function expectAgreesWithQueueStatus(
  state: LiveState,
  items: AmiMessage[],
  touched: Touched,
  memberFilter?: string,
): number {
  let checked = 0;
  const answered = new Set<string>();
  const queuesAnswered = new Set<string>();
  for (const item of items) {
    if (item.Event === 'QueueParams') {
      queuesAnswered.add(item.Queue);
      const queue = state.queues.get(item.Queue)?.value;
      if (touched.callerQueues.has(item.Queue)) {
        expect({ queue: item.Queue, callersWaiting: queue?.callersWaiting }).toEqual({
          queue: item.Queue,
          callersWaiting: parseIntField(item.Calls),
        });
        const entries = items
          .filter((m) => m.Event === 'QueueEntry' && m.Queue === item.Queue)
          .map((m) => m.Uniqueid);
        expect(queue?.callers.map((c) => c.uniqueid)).toEqual(entries);
        checked++;
      }
      if (touched.counterQueues.has(item.Queue)) {
        expect({
          queue: item.Queue,
          completed: queue?.completed,
          abandoned: queue?.abandoned,
          sl: queue?.serviceLevelPct,
        }).toEqual({
          queue: item.Queue,
          completed: parseIntField(item.Completed),
          abandoned: parseIntField(item.Abandoned),
          sl: parseDecimalField(item.ServicelevelPerf),
        });
        checked++;
      }
    }
    if (item.Event === 'QueueMember') {
      const id = memberIdOf(item.Queue, item.Location);
      answered.add(id);
      if (!touched.members.has(id)) continue;
      expect({ id, ...memberFieldsOfState(state.operators.get(id)) }).toEqual({
        id,
        ...memberFieldsOfItem(item),
      });
      checked++;
    }
  }
  // A touched member of an answered queue that the answer lacks must be gone from the state too.
  for (const id of touched.members) {
    const op = state.operators.get(id);
    if (!op || !queuesAnswered.has(op.queue) || answered.has(id)) continue;
    if (memberFilter !== undefined && op.interface !== memberFilter) continue;
    throw new Error(`${id} is in the state but not in the QueueStatus answer`);
  }
  return checked;
}

function operator(state: LiveState, queue: string, iface: string): OperatorStatusData {
  const op = state.operators.get(memberIdOf(queue, iface));
  if (!op) throw new Error(`no operator ${queue}:${iface}`);
  return op;
}

describe('startup_state.ami: state built from the login lists', () => {
  const messages = readAmiFixture('startup_state.ami');
  const state = startupState();
  const iso = (secondsAgo: number) => new Date(STARTUP_NOW.getTime() - secondsAgo * 1000).toISOString();

  it('has one operator per queue membership with the QueueStatus values', () => {
    const base = {
      inCall: false,
      currentCall: null,
      lastCallAt: null,
      callsTaken: 0,
      penalty: 0,
      membership: 'static',
      updatedAt: STARTUP_NOW.toISOString(),
    };
    expect([...state.operators.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        ...base,
        id: 'sales:PJSIP/1001',
        name: 'Agent 1001',
        interface: 'PJSIP/1001',
        queue: 'sales',
        status: 'NOT_INUSE',
        paused: false,
        pausedReason: '',
      },
      {
        ...base,
        id: 'sales:PJSIP/1002',
        name: 'Agent 1002',
        interface: 'PJSIP/1002',
        queue: 'sales',
        status: 'UNAVAILABLE',
        paused: false,
        pausedReason: '',
      },
      {
        ...base,
        id: 'sales:PJSIP/1003',
        name: 'Agent 1003',
        interface: 'PJSIP/1003',
        queue: 'sales',
        status: 'UNAVAILABLE',
        paused: false,
        pausedReason: '',
      },
      {
        ...base,
        id: 'support:PJSIP/1001',
        name: 'Agent 1001',
        interface: 'PJSIP/1001',
        queue: 'support',
        status: 'NOT_INUSE',
        paused: true,
        pausedReason: 'Training',
      },
      {
        ...base,
        id: 'support:PJSIP/1002',
        name: 'Agent 1002',
        interface: 'PJSIP/1002',
        queue: 'support',
        status: 'UNAVAILABLE',
        paused: false,
        pausedReason: '',
      },
      {
        ...base,
        id: 'support:PJSIP/1003',
        name: 'Agent 1003',
        interface: 'PJSIP/1003',
        queue: 'support',
        status: 'UNAVAILABLE',
        paused: false,
        pausedReason: '',
      },
    ]);
  });

  it('has both halves of the waiting Local call, the queue caller tagged with its queue', () => {
    const common = {
      state: 'UP',
      callerId: '+15551230009',
      connectedLine: '+15551230009',
      extension: '501',
      context: 'from-external',
      linkedId: '1795381593.0',
      bridgeId: null,
      startedAt: iso(4),
      duration: 4,
    };
    expect(state.channels.get('1795381593.1')).toEqual({
      ...common,
      id: '1795381593.1',
      name: 'Local/501@from-external-00000000;2',
      queue: 'support',
    });
    expect(state.channels.get('1795381593.0')).toEqual({
      ...common,
      id: '1795381593.0',
      name: 'Local/501@from-external-00000000;1',
      queue: null,
    });
    expect(state.channels.size).toBe(2);
  });

  it('derives queue aggregates that agree with QueueParams and QueueSummary', () => {
    expect(state.queues.get('support')?.value).toEqual({
      name: 'support',
      strategy: 'ringall',
      totalMembers: 3,
      available: 0,
      busy: 0,
      paused: 1,
      unavailable: 2,
      callersWaiting: 1,
      longestWaitSec: 4,
      completed: 0,
      abandoned: 0,
      serviceLevelPct: 0,
      callers: [
        {
          uniqueid: '1795381593.1',
          channel: 'Local/501@from-external-00000000;2',
          callerId: '+15551230009',
          callerName: 'Customer Waiting',
          position: 1,
          joinedAt: iso(4),
        },
      ],
      updatedAt: STARTUP_NOW.toISOString(),
    });
    expect(state.queues.get('sales')?.value).toMatchObject({
      strategy: 'rrmemory',
      totalMembers: 3,
      available: 1,
      busy: 0,
      paused: 0,
      unavailable: 2,
      callersWaiting: 0,
      callers: [],
    });
    for (const summary of listOf(messages, 'queuesummary-1')) {
      const q = state.queues.get(summary.Queue)?.value;
      expect({
        queue: summary.Queue,
        loggedIn: q ? q.totalMembers - q.unavailable : undefined,
        available: q?.available,
        callers: q?.callersWaiting,
        longest: q?.longestWaitSec,
      }).toEqual({
        queue: summary.Queue,
        loggedIn: Number(summary.LoggedIn),
        available: Number(summary.Available),
        callers: Number(summary.Callers),
        longest: Number(summary.LongestHoldTime),
      });
    }
  });

  it('keeps device and contact states but not the Queue:* pseudo-devices', () => {
    expect(state.devices.get('PJSIP/1001')).toBe('NOT_INUSE');
    expect(state.devices.get('PJSIP/1005')).toBe('UNAVAILABLE');
    expect([...state.devices.keys()].filter((d) => d.startsWith('Queue:'))).toEqual([]);
    expect(state.endpoints.get('1001')?.contacts.get('sip:1001@127.0.0.1:5081')).toBe('Reachable');
  });

  it('starts clean: no rebuild flag, version 0, snapshot lists every entity', () => {
    expect(state.rebuildRequired).toBe(false);
    expect(state.version).toBe(0);
    const snap = snapshotOf(state);
    expect([snap.operators.length, snap.channels.length, snap.queues.length]).toEqual([6, 2, 2]);
  });
});

describe('register_unregister.ami replayed on the startup state', () => {
  const { state, touched } = replay(
    'register_unregister.ami',
    startupState(),
    new Date('2026-11-22T21:06:44Z'),
  );

  it('ends with 1001 and 1002 unavailable in both queues after unregister and failed qualify', () => {
    for (const queue of ['sales', 'support']) {
      for (const iface of ['PJSIP/1001', 'PJSIP/1002']) {
        expect(operator(state, queue, iface)).toMatchObject({
          status: 'UNAVAILABLE',
          paused: false,
          inCall: false,
        });
      }
    }
    expect(touched.members).toEqual(
      new Set(['sales:PJSIP/1001', 'support:PJSIP/1001', 'sales:PJSIP/1002', 'support:PJSIP/1002']),
    );
  });

  it('leaves 1003 alone: its unreachable registration never made its device available', () => {
    expect(operator(state, 'sales', 'PJSIP/1003').status).toBe('UNAVAILABLE');
    expect(operator(state, 'sales', 'PJSIP/1003').updatedAt).toBe(STARTUP_NOW.toISOString());
  });

  it('tracks contacts and peer status per endpoint', () => {
    expect(state.endpoints.get('1001')).toEqual({ contacts: new Map(), peerStatus: 'Unreachable' });
    expect(state.endpoints.get('1002')).toEqual({ contacts: new Map(), peerStatus: 'Unreachable' });
    expect(state.endpoints.get('1003')?.contacts.size).toBe(0);
    expect(state.devices.get('PJSIP/1002')).toBe('UNAVAILABLE');
  });

  it('flags the FullyBooted that follows login as a rebuild point', () => {
    expect(state.rebuildRequired).toBe(true);
    expect(state.rebuildReason).toBe('fully-booted');
  });
});

describe('queue_call_answered.ami', () => {
  const start = new Date('2026-11-22T21:07:31.500Z');

  it('agrees with queuestatus-during-call and queuestatus-after-call when replayed on the startup state', () => {
    const { answers } = replay('queue_call_answered.ami', startupState(), start);
    expect(answers.map((a) => [a.actionId, a.checked])).toEqual([
      ['queuestatus-during-call', 3], // member 1001, sales callers, sales counters
      ['coreshowchannels-during-call', 0],
      ['queuestatus-after-call', 3],
    ]);
  });

  it('agrees with both QueueStatus answers when replayed from an empty state', () => {
    const { answers, state } = replay('queue_call_answered.ami', createLiveState(), start, {}, false);
    expect(answers.filter((a) => a.actionId.startsWith('queuestatus')).map((a) => a.checked)).toEqual([2, 2]);
    // Only the members the events mention exist.
    expect([...state.operators.keys()].sort()).toEqual(['sales:PJSIP/1001', 'support:PJSIP/1001']);
  });

  it('shows the connected call on the member, the bridge on both legs, then clears everything', () => {
    const state = startupState();
    let sawDuringCall = false;
    const events = stepsOf(readAmiFixture('queue_call_answered.ami'));
    let tick = 0;
    for (const step of events) {
      const now = new Date(start.getTime() + 250 * tick++);
      if (step.kind === 'list') {
        if (step.actionId === 'queuestatus-during-call') {
          sawDuringCall = true;
          expect(operator(state, 'sales', 'PJSIP/1001')).toMatchObject({
            status: 'INUSE',
            inCall: true,
            currentCall: { channel: 'Local/500@from-external-00000001;2', caller: '+15551230001' },
          });
          expect(operator(state, 'support', 'PJSIP/1001')).toMatchObject({
            status: 'INUSE',
            inCall: false,
            currentCall: null,
          });
          const bridge = 'ef1e8c42-875b-4fbe-81d4-0b7a94b3bd5c';
          expect(state.channels.get('1795381652.4')).toMatchObject({
            name: 'PJSIP/1001-00000000',
            state: 'UP',
            bridgeId: bridge,
            queue: 'sales',
            connectedLine: '+15551230001',
          });
          expect(state.channels.get('1795381651.3')).toMatchObject({
            state: 'UP',
            bridgeId: bridge,
            queue: 'sales',
            callerId: '+15551230001',
            connectedLine: '1001',
          });
          expect(state.channels.get('1795381651.2')).toMatchObject({
            bridgeId: null,
            queue: null,
            callerId: '+15551230001',
          });
          // 1002/1003 keep their (stale) startup state: unavailable.
          expect(state.queues.get('sales')?.value).toMatchObject({
            busy: 1,
            available: 0,
            unavailable: 2,
            callersWaiting: 0,
            completed: 0,
          });
          // CoreShowChannels during the call lists exactly the channels we track for this call.
          const listed = listOf(readAmiFixture('queue_call_answered.ami'), 'coreshowchannels-during-call')
            .map((m) => m.Uniqueid)
            .sort();
          expect([...state.channels.keys()].filter((id) => id.startsWith('17953816')).sort()).toEqual(listed);
        }
        continue;
      }
      applyAmiEvent(state, step.message, now);
    }
    expect(sawDuringCall).toBe(true);
    expect(operator(state, 'sales', 'PJSIP/1001')).toMatchObject({
      status: 'NOT_INUSE',
      inCall: false,
      currentCall: null,
      callsTaken: 1,
      lastCallAt: new Date(1795381660 * 1000).toISOString(),
    });
    expect(operator(state, 'support', 'PJSIP/1001')).toMatchObject({ callsTaken: 1, paused: false });
    for (const id of ['1795381651.2', '1795381651.3', '1795381652.4'])
      expect(state.channels.has(id)).toBe(false);
    expect(state.channelsByBridge.size).toBe(0);
    expect(state.memberByCallUniqueid.size).toBe(0);
    expect(state.queues.get('sales')?.value).toMatchObject({
      completed: 1,
      abandoned: 0,
      serviceLevelPct: 100,
      callersWaiting: 0,
    });
  });
});

describe('pause_unpause.ami replayed on the startup state', () => {
  const { state, answers, touched } = replay(
    'pause_unpause.ami',
    startupState(),
    new Date('2026-11-22T21:08:24.300Z'),
    {
      // QueueStatus Queue=sales Member=PJSIP/1001: only that member is answered.
      'status-paused': (s, items, t) => expectAgreesWithQueueStatus(s, items, t, 'PJSIP/1001'),
    },
  );

  it('agrees with status-paused and status-support for every touched member', () => {
    expect(answers.map((a) => [a.actionId, a.checked])).toEqual([
      ['status-paused', 1],
      ['status-support', 2], // 1001 (unpaused) and 1004 (added, penalty 2)
    ]);
    expect(touched.members.has('sales:Local/agent1@agents/n')).toBe(true);
  });

  it('removes the dynamic members again and ends with 1001 unpaused everywhere', () => {
    expect(state.operators.has('support:PJSIP/1004')).toBe(false);
    expect(state.operators.has('sales:Local/agent1@agents/n')).toBe(false);
    expect(operator(state, 'sales', 'PJSIP/1001')).toMatchObject({
      paused: false,
      pausedReason: '',
      callsTaken: 1,
    });
    expect(operator(state, 'support', 'PJSIP/1001')).toMatchObject({ paused: false, pausedReason: '' });
    expect(state.queues.get('support')?.value?.totalMembers).toBe(3);
    expect(state.queues.get('sales')?.value?.totalMembers).toBe(3);
  });
});

describe('errors.ami', () => {
  it('changes nothing but the rebuild flag: error responses and security events are ignored and counted', () => {
    const state = startupState();
    const before = snapshotOf(state);
    const now = new Date('2026-11-22T21:08:36Z');
    // Fed raw, responses included: whatever reaches the reducer must never throw.
    for (const m of readAmiFixture('errors.ami')) applyAmiEvent(state, m, now);
    expect(snapshotOf(state)).toEqual(before);
    expect(state.stats.ignoredByEvent.get('RequestBadFormat')).toBe(1);
    expect(state.stats.ignoredByEvent.get('(no Event)')).toBe(13);
    expect(state.rebuildReason).toBe('fully-booted');
  });
});
