import type { AmiMessage } from '@cc/ami';
import type { OperatorStatusData } from '@cc/contracts';
import { readAmiFixture, stepsOf } from '../testing/ami-fixture.test-support';
import { applyAmiEvent } from './live-status.reducer';
import { buildStateFromLists, diffStates } from './live-status.rebuild';
import { createLiveState, type LiveState } from './live-status.types';
import { aggregateQueue } from './queue-aggregates';

const NOW = new Date('2026-11-22T21:06:38.100Z');
const TRANSCRIPTS = [
  'startup_state.ami',
  'pause_unpause.ami',
  'queue_call_answered.ami',
  'register_unregister.ami',
  'errors.ami',
];

/** Queues whose incrementally kept counts (or published value) differ from a count over their members. */
function miscounted(state: LiveState): string[] {
  const wrong: string[] = [];
  for (const [name, record] of state.queues) {
    const members: OperatorStatusData[] = [...state.operators.values()].filter((op) => op.queue === name);
    const { available, busy, paused, unavailable, totalMembers } = aggregateQueue(members, [], NOW);
    const expected = { available, busy, paused, unavailable };
    if (JSON.stringify(record.memberCounts) !== JSON.stringify(expected)) wrong.push(`${name} counts`);
    const value = record.value;
    if (
      value &&
      (value.totalMembers !== totalMembers ||
        value.available !== available ||
        value.busy !== busy ||
        value.paused !== paused ||
        value.unavailable !== unavailable)
    )
      wrong.push(`${name} value`);
  }
  return wrong;
}

function event(fields: Record<string, string>): AmiMessage {
  return fields;
}

describe('queue member counts kept by the reducer', () => {
  it('equal a count over the members after every event and list item of every transcript', () => {
    const state = createLiveState();
    for (const fixture of TRANSCRIPTS) {
      for (const step of stepsOf(readAmiFixture(fixture))) {
        const messages = step.kind === 'event' ? [step.message] : step.items;
        for (const message of messages) {
          applyAmiEvent(state, message, NOW);
          expect({ after: `${fixture} ${message.Event}`, wrong: miscounted(state) }).toEqual({
            after: `${fixture} ${message.Event}`,
            wrong: [],
          });
        }
      }
    }
  });

  it('follow a member through pause, a call, its device going away and removal', () => {
    const state = createLiveState();
    const member = {
      Queue: 'sales',
      Interface: 'PJSIP/1001',
      MemberName: 'Alice',
      StateInterface: 'PJSIP/1001',
    };
    const steps: AmiMessage[] = [
      event({ Event: 'QueueMemberAdded', ...member, Status: '1', Paused: '0' }),
      event({
        Event: 'QueueMemberAdded',
        ...member,
        Interface: 'PJSIP/1002',
        StateInterface: 'PJSIP/1002',
        Status: '1',
        Paused: '0',
      }),
      event({ Event: 'QueueMemberPause', ...member, Paused: '1', PausedReason: 'Lunch' }),
      event({ Event: 'QueueMemberStatus', ...member, Paused: '0', Status: '2', InCall: '1' }),
      event({ Event: 'DeviceStateChange', Device: 'PJSIP/1001', State: 'UNAVAILABLE' }),
      event({ Event: 'QueueMemberRemoved', ...member }),
    ];
    const seen: number[][] = [];
    for (const step of steps) {
      applyAmiEvent(state, step, NOW);
      expect(miscounted(state)).toEqual([]);
      const counts = state.queues.get('sales')?.memberCounts;
      seen.push(counts ? [counts.available, counts.busy, counts.paused, counts.unavailable] : []);
    }
    expect(seen).toEqual([
      [1, 0, 0, 0],
      [2, 0, 0, 0],
      [1, 0, 1, 0],
      [1, 1, 0, 0],
      [1, 0, 0, 1],
      [1, 0, 0, 0],
    ]);
  });

  it('hold in a state rebuilt from lists and in the state a reconcile hands over', () => {
    const messages = readAmiFixture('startup_state.ami');
    const lists = {
      queueStatus: [] as AmiMessage[],
      queueSummary: [] as AmiMessage[],
      coreShowChannels: [] as AmiMessage[],
      deviceStateList: [] as AmiMessage[],
      pjsipShowContacts: [] as AmiMessage[],
    };
    const byAction: Record<string, keyof typeof lists> = {
      'queuestatus-1': 'queueStatus',
      'queuesummary-1': 'queueSummary',
      'coreshowchannels-1': 'coreShowChannels',
      'devicestatelist-1': 'deviceStateList',
      'pjsipshowcontacts-1': 'pjsipShowContacts',
    };
    for (const step of stepsOf(messages)) {
      if (step.kind === 'list' && byAction[step.actionId]) lists[byAction[step.actionId]] = step.items;
    }
    const rebuilt = buildStateFromLists(lists, NOW);
    expect(rebuilt.queues.size).toBeGreaterThan(0);
    expect(miscounted(rebuilt)).toEqual([]);
    const fresh = buildStateFromLists(lists, NOW);
    diffStates(rebuilt, fresh);
    expect(miscounted(fresh)).toEqual([]);
  });
});
