import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAmiEvent, parseAmiTranscript, type AmiEvent } from '@cc/ami';
import type { CallFacts } from '@cc/contracts';
import { LAB_TOPOLOGY, ManualClock, PbxModel } from '@cc/pbx-sim';
import {
  EMPTY_CALL_LEDGER,
  forgetVanishedCalls,
  reduceCallLedger,
  type CallLedgerChange,
  type CallLedgerState,
} from './call-ledger.reducer';

const FIXTURES = path.resolve(__dirname, '../../../../../fixtures/ami');

function fixtureEvents(name: string): AmiEvent[] {
  return parseAmiTranscript(readFileSync(path.join(FIXTURES, name)))
    .flatMap((item) => (item.kind === 'message' ? [decodeAmiEvent(item.message)] : []))
    .filter((e): e is AmiEvent => e !== null);
}

/** Replays events one second apart (the transcripts carry no time per event). */
function replay(events: readonly AmiEvent[], state: CallLedgerState = EMPTY_CALL_LEDGER) {
  const changes: CallLedgerChange[] = [];
  let now = Date.UTC(2026, 10, 22, 21, 7, 31);
  for (const event of events) {
    const result = reduceCallLedger(state, event, new Date(now));
    state = result.state;
    changes.push(...result.changes);
    now += 1000;
  }
  return { state, changes };
}

/** A simulator model on a manual clock: every event it emits, decoded, at the model's time. */
function simulatedPbx() {
  const clock = new ManualClock();
  const model = new PbxModel(LAB_TOPOLOGY, clock);
  model.phone = { ringSeconds: () => 2, talkSeconds: () => 6 };
  let state = EMPTY_CALL_LEDGER;
  const changes: CallLedgerChange[] = [];
  model.onEvent((fields) => {
    const event = decodeAmiEvent(Object.fromEntries(fields));
    if (event === null) return;
    const result = reduceCallLedger(state, event, new Date(clock.now()));
    state = result.state;
    changes.push(...result.changes);
  });
  return { clock, model, changes, state: () => state };
}

const ended = (changes: readonly CallLedgerChange[]): CallFacts[] =>
  changes.filter((c) => c.kind === 'ended').map((c) => c.facts);

describe('call ledger reducer', () => {
  describe('queue_call_answered.ami (real Asterisk 22)', () => {
    const { state, changes } = replay(fixtureEvents('queue_call_answered.ami'));

    it('starts, answers and ends the queue call once each, keyed by the queue caller channel', () => {
      expect(changes.map((c) => [c.kind, c.facts.uniqueid])).toEqual([
        ['started', '1795381651.3'],
        ['answered', '1795381651.3'],
        ['ended', '1795381651.3'],
      ]);
    });

    it("records Asterisk's own wait, ring and talk figures and the caller from the channel", () => {
      const [call] = ended(changes);
      expect(call).toMatchObject({
        linkedid: '1795381651.2',
        queue: 'sales',
        agentExtension: '1001',
        callerNumber: '+15551230001',
        callerName: 'Customer One',
        direction: 'inbound',
        waitSeconds: 2,
        ringSeconds: 2,
        talkSeconds: 6,
        holdSeconds: 0,
        disposition: 'answered',
      });
      expect(Date.parse(call.enqueuedAt ?? '')).toBeLessThan(Date.parse(call.answeredAt ?? ''));
      expect(Date.parse(call.answeredAt ?? '')).toBeLessThan(Date.parse(call.endedAt ?? ''));
    });

    it('forgets the call and its channels once it ended', () => {
      expect(state.calls.size).toBe(0);
      expect(state.byChannel.size).toBe(0);
    });

    it('writes nothing new when the same events are replayed after the call ended (a reconnect)', () => {
      const events = fixtureEvents('queue_call_answered.ami');
      const hangups = events.filter((e) => e.type === 'Hangup' || e.type === 'AgentComplete');
      expect(replay(hangups, state).changes).toEqual([]);
    });
  });

  it('ignores events of calls it never saw start (a restart mid-call)', () => {
    const events = fixtureEvents('queue_call_answered.ami');
    const afterConnect = events.slice(events.findIndex((e) => e.type === 'AgentConnect') + 1);
    expect(replay(afterConnect).changes).toEqual([]);
  });

  it('ends a queue call whose caller hangs up while waiting as abandoned, with the hold time', () => {
    const join = fixtureEvents('queue_call_answered.ami').find((e) => e.type === 'QueueCallerJoin');
    if (join?.type !== 'QueueCallerJoin') throw new Error('fixture has no QueueCallerJoin');
    const abandon: AmiEvent = {
      type: 'QueueCallerAbandon',
      channel: join.channel,
      queue: 'sales',
      position: 1,
      originalPosition: 1,
      holdTime: 1,
    };
    const hangup: AmiEvent = {
      type: 'Hangup',
      channel: join.channel,
      cause: 16,
      causeText: 'Normal Clearing',
    };
    const [call] = ended(replay([join, abandon, hangup]).changes);
    expect(call).toMatchObject({
      disposition: 'abandoned',
      waitSeconds: 1,
      answeredAt: null,
      talkSeconds: null,
    });
  });

  it('ends a queue call that left the queue unanswered without abandoning as a timeout', () => {
    const join = fixtureEvents('queue_call_answered.ami').find((e) => e.type === 'QueueCallerJoin');
    if (join?.type !== 'QueueCallerJoin') throw new Error('fixture has no QueueCallerJoin');
    const leave: AmiEvent = {
      type: 'QueueCallerLeave',
      channel: join.channel,
      queue: 'sales',
      position: 1,
      count: 0,
    };
    const hangup: AmiEvent = {
      type: 'Hangup',
      channel: join.channel,
      cause: 16,
      causeText: 'Normal Clearing',
    };
    const [call] = ended(replay([join, leave, hangup]).changes);
    expect(call).toMatchObject({ disposition: 'timeout', waitSeconds: 1 });
  });

  describe("the simulator's direct calls", () => {
    it('records an outbound call the agent makes, with the number dialled', async () => {
      const pbx = simulatedPbx();
      pbx.model.register('1001');
      pbx.model.agentDialsOut('1001', '+15550001');
      await pbx.clock.advance(30_000);
      expect(pbx.changes.map((c) => c.kind)).toEqual(['started', 'answered', 'ended']);
      const [call] = ended(pbx.changes);
      expect(call).toMatchObject({
        queue: null,
        direction: 'outbound',
        agentExtension: '1001',
        callerNumber: '+15550001',
        ringSeconds: 2,
        talkSeconds: 6,
        holdSeconds: 0,
        disposition: 'answered',
      });
      expect(pbx.state().calls.size).toBe(0);
    });

    it('records an inbound call the agent takes, with the caller', async () => {
      const pbx = simulatedPbx();
      pbx.model.register('1002');
      pbx.model.externalDialsAgent('1002', '+15550002', 'Jane Caller');
      await pbx.clock.advance(30_000);
      const [call] = ended(pbx.changes);
      expect(call).toMatchObject({
        direction: 'inbound',
        agentExtension: '1002',
        callerNumber: '+15550002',
        callerName: 'Jane Caller',
        ringSeconds: 2,
        talkSeconds: 6,
        disposition: 'answered',
      });
    });

    it('records a busy number as one failed call', async () => {
      const pbx = simulatedPbx();
      pbx.model.register('1001');
      pbx.model.agentDialsOut('1001', '+15550007');
      await pbx.clock.advance(30_000);
      expect(pbx.changes.map((c) => c.kind)).toEqual(['started', 'ended']);
      expect(ended(pbx.changes)[0]).toMatchObject({
        disposition: 'failed',
        answeredAt: null,
        talkSeconds: null,
      });
    });

    it('records a queue call of the simulator as one answered row', async () => {
      const pbx = simulatedPbx();
      pbx.model.register('1001');
      pbx.model.originate({
        channel: 'Local/500@from-external',
        callerId: '"Customer" <+15550001>',
        variables: [],
      });
      await pbx.clock.advance(60_000);
      expect(pbx.changes.map((c) => c.kind)).toEqual(['started', 'answered', 'ended']);
      expect(ended(pbx.changes)[0]).toMatchObject({
        queue: 'sales',
        agentExtension: '1001',
        callerNumber: '+15550001',
        talkSeconds: 6,
        disposition: 'answered',
      });
    });
  });

  it('keeps time on hold apart from talk time', async () => {
    const pbx = simulatedPbx();
    pbx.model.register('1001');
    pbx.model.agentDialsOut('1001', '+15550001');
    await pbx.clock.advance(2_600);
    const [call] = pbx.state().calls.values();
    const agentChannel = call.channels[0];
    const snapshot = { ...holdSnapshot, uniqueid: agentChannel };
    const tick = (ms: number) => new Date(pbx.clock.now() + ms);
    let state = pbx.state();
    state = reduceCallLedger(
      state,
      { type: 'Hold', channel: snapshot, musicClass: 'default' },
      tick(0),
    ).state;
    state = reduceCallLedger(state, { type: 'Unhold', channel: snapshot }, tick(2000)).state;
    const end = reduceCallLedger(
      state,
      { type: 'Hangup', channel: snapshot, cause: 16, causeText: 'Normal Clearing' },
      tick(5000),
    );
    // Answered at 2.0 s, ended at 7.6 s: 5.6 s connected, 2 of them on hold.
    expect(end.changes).toEqual([
      { kind: 'ended', facts: expect.objectContaining({ holdSeconds: 2, talkSeconds: 4 }) },
    ]);
  });
});

const holdSnapshot = {
  name: 'PJSIP/1001-00000001',
  state: 6,
  uniqueid: '',
  linkedid: '',
  callerIdNum: '1001',
  callerIdName: '',
  connectedLineNum: '',
  connectedLineName: '',
  context: 'from-internal',
  exten: '',
};

describe('forgetting calls that vanished during a rebuild', () => {
  it('drops a call begun before the rebuild whose channels are gone, keeps live and later ones', async () => {
    const pbx = simulatedPbx();
    pbx.model.register('1001');
    pbx.model.register('1002');
    pbx.model.agentDialsOut('1001', '+15550001');
    await pbx.clock.advance(2_600);
    const rebuiltAt = new Date(pbx.clock.now() + 1);
    await pbx.clock.advance(100);
    pbx.model.agentDialsOut('1002', '+15550002');
    await pbx.clock.advance(400);
    const [first, second] = [...pbx.state().calls.values()];
    expect(second).toBeDefined();
    const kept = forgetVanishedCalls(pbx.state(), new Set<string>(), rebuiltAt);
    expect([...kept.calls.keys()]).toEqual([second.facts.uniqueid]);
    expect(kept.byChannel.has(first.channels[0])).toBe(false);
    const alive = forgetVanishedCalls(pbx.state(), new Set([first.facts.linkedid]), rebuiltAt);
    expect(alive).toBe(pbx.state());
  });
});
