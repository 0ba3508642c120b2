import {
  decideAgentTransition,
  type AgentDecision,
  type AgentInput,
  type AgentState,
} from './agent-status.machine';

const T0 = new Date('2026-01-05T09:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const agent = (patch: Partial<AgentState> = {}): AgentState => ({
  extension: '1001',
  status: 'ONLINE',
  previousStatus: null,
  reason: null,
  source: 'manual',
  actor: null,
  statusChangedAt: T0,
  nextStatus: null,
  nextReason: null,
  resumeStatus: null,
  resumeReason: null,
  wrapUpEndsAt: null,
  ...patch,
});

const manual = (status: AgentState['status'], reason: string | null = null): AgentInput => ({
  type: 'requested',
  status,
  reason,
  source: 'manual',
  actor: 'u1',
});

function stateOf(decision: AgentDecision): AgentState {
  if (decision.kind !== 'status' && decision.kind !== 'next')
    throw new Error(`no new state: ${decision.kind}`);
  return decision.state;
}

/** Applies inputs in turn, one second apart, and returns the states after each status change. */
function run(start: AgentState, inputs: AgentInput[]): AgentState[] {
  const out: AgentState[] = [];
  let state = start;
  inputs.forEach((input, i) => {
    const d = decideAgentTransition(state, input, at(i + 1));
    if (d.kind === 'status' || d.kind === 'next') state = d.state;
    if (d.kind === 'status') out.push(d.state);
  });
  return out;
}

describe('decideAgentTransition', () => {
  it('changes the status at once outside a call, remembering the one left', () => {
    const d = decideAgentTransition(agent(), manual('BREAK', 'Lunch'), at(5));
    expect(d.kind).toBe('status');
    expect(stateOf(d)).toMatchObject({ status: 'BREAK', previousStatus: 'ONLINE', reason: 'Lunch' });
    expect(stateOf(d).statusChangedAt).toEqual(at(5));
  });

  it('writes nothing when the same status and reason are asked again', () => {
    expect(
      decideAgentTransition(agent({ status: 'BREAK', reason: 'Lunch' }), manual('BREAK', 'Lunch'), at(1)),
    ).toEqual({
      kind: 'none',
    });
  });

  it('refuses ON_CALL and WRAP_UP from anyone: the calls decide them', () => {
    expect(decideAgentTransition(agent(), manual('ON_CALL'), at(1))).toEqual({
      kind: 'refused',
      code: 'automatic-status',
    });
    expect(decideAgentTransition(agent(), manual('WRAP_UP'), at(1)).kind).toBe('refused');
  });

  it('goes ON_CALL at connect, WRAP_UP at hangup for the wrap-up time, then back to the status before the call', () => {
    const states = run(agent(), [
      { type: 'call-connected' },
      { type: 'call-ended', wrapUpSeconds: 1 },
      { type: 'wrap-up-due' },
    ]);
    expect(states.map((s) => s.status)).toEqual(['ON_CALL', 'WRAP_UP', 'ONLINE']);
    expect(states[1].wrapUpEndsAt).toEqual(at(3));
    expect(states[2]).toMatchObject({ previousStatus: 'WRAP_UP', source: 'auto', wrapUpEndsAt: null });
  });

  it('does not end a wrap-up before its deadline', () => {
    const wrapUp = agent({ status: 'WRAP_UP', wrapUpEndsAt: at(30), resumeStatus: 'ONLINE' });
    expect(decideAgentTransition(wrapUp, { type: 'wrap-up-due' }, at(29))).toEqual({ kind: 'none' });
    expect(stateOf(decideAgentTransition(wrapUp, { type: 'wrap-up-due' }, at(30))).status).toBe('ONLINE');
  });

  it('ends a wrap-up only once: a second firing finds the agent no longer in wrap-up', () => {
    const wrapUp = agent({ status: 'WRAP_UP', wrapUpEndsAt: at(30), resumeStatus: 'ONLINE' });
    const after = stateOf(decideAgentTransition(wrapUp, { type: 'wrap-up-due' }, at(31)));
    expect(decideAgentTransition(after, { type: 'wrap-up-due' }, at(31))).toEqual({ kind: 'none' });
  });

  it('keeps a BREAK chosen during the call as the next status and applies it after the wrap-up', () => {
    const states = run(agent(), [
      { type: 'call-connected' },
      manual('BREAK', 'Coffee'),
      { type: 'call-ended', wrapUpSeconds: 1 },
      { type: 'wrap-up-due' },
    ]);
    expect(states.map((s) => [s.status, s.reason])).toEqual([
      ['ON_CALL', null],
      ['WRAP_UP', null],
      ['BREAK', 'Coffee'],
    ]);
  });

  it('applies the next status right at hangup when there is no wrap-up', () => {
    const states = run(agent(), [
      { type: 'call-connected' },
      manual('MEETING'),
      { type: 'call-ended', wrapUpSeconds: 0 },
    ]);
    expect(states.map((s) => s.status)).toEqual(['ON_CALL', 'MEETING']);
  });

  it('lets the agent end wrap-up early with ONLINE', () => {
    const wrapUp = agent({ status: 'WRAP_UP', wrapUpEndsAt: at(60), resumeStatus: 'ONLINE' });
    const d = decideAgentTransition(wrapUp, manual('ONLINE'), at(5));
    expect(stateOf(d)).toMatchObject({ status: 'ONLINE', wrapUpEndsAt: null, source: 'manual' });
  });

  it('applies a supervisor status at once, even during a call', () => {
    const onCall = agent({ status: 'ON_CALL', resumeStatus: 'ONLINE' });
    const d = decideAgentTransition(
      onCall,
      { type: 'requested', status: 'OFFLINE', reason: null, source: 'supervisor', actor: 's1' },
      at(1),
    );
    expect(stateOf(d)).toMatchObject({ status: 'OFFLINE', source: 'supervisor', actor: 's1' });
    expect(decideAgentTransition(stateOf(d), { type: 'call-ended', wrapUpSeconds: 30 }, at(2))).toEqual({
      kind: 'none',
    });
  });

  it('returns to a paused status from before the call, with its reason', () => {
    const states = run(agent({ status: 'BREAK', reason: 'Lunch' }), [
      { type: 'call-connected' },
      { type: 'call-ended', wrapUpSeconds: 0 },
    ]);
    expect(states.map((s) => [s.status, s.reason])).toEqual([
      ['ON_CALL', null],
      ['BREAK', 'Lunch'],
    ]);
  });

  it('keeps the status before the first call when a second call connects during wrap-up', () => {
    const states = run(agent({ status: 'TRAINING' }), [
      { type: 'call-connected' },
      { type: 'call-ended', wrapUpSeconds: 30 },
      { type: 'call-connected' },
      { type: 'call-ended', wrapUpSeconds: 0 },
    ]);
    expect(states.map((s) => s.status)).toEqual(['ON_CALL', 'WRAP_UP', 'ON_CALL', 'TRAINING']);
  });

  describe('endpoint tracking', () => {
    it('goes OFFLINE with an Auto reason when the endpoint is lost and back to ONLINE when it returns', () => {
      const states = run(agent(), [{ type: 'endpoint-lost' }, { type: 'endpoint-back' }]);
      expect(states.map((s) => [s.status, s.reason, s.source])).toEqual([
        ['OFFLINE', 'Auto: SIP not registered', 'auto'],
        ['ONLINE', 'Auto: SIP registered', 'auto'],
      ]);
      expect(states[0].previousStatus).toBe('ONLINE');
    });

    it('returns to the status the agent had before the loss', () => {
      const states = run(agent({ status: 'BREAK', reason: 'Lunch' }), [
        { type: 'endpoint-lost' },
        { type: 'endpoint-back' },
      ]);
      expect(states[1]).toMatchObject({ status: 'BREAK', reason: 'Lunch' });
    });

    it('never restores a manual OFFLINE', () => {
      const offline = agent({ status: 'OFFLINE', reason: null });
      expect(run(offline, [{ type: 'endpoint-lost' }, { type: 'endpoint-back' }])).toEqual([]);
    });

    it('returns after a loss during wrap-up to the status before the call, not to the wrap-up', () => {
      const states = run(agent(), [
        { type: 'call-connected' },
        { type: 'call-ended', wrapUpSeconds: 1 },
        { type: 'endpoint-lost' },
        { type: 'endpoint-back' },
        { type: 'wrap-up-due' },
      ]);
      expect(states.map((s) => s.status)).toEqual(['ON_CALL', 'WRAP_UP', 'OFFLINE', 'ONLINE']);
    });
  });

  it('never dates a change before the current period started (another instance clock ahead)', () => {
    const d = decideAgentTransition(agent({ statusChangedAt: at(10) }), manual('BREAK'), at(9));
    expect(stateOf(d).statusChangedAt).toEqual(at(10));
  });
});
