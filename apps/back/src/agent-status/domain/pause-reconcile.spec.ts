import {
  pauseActionsForChange,
  reconcileAgentPause,
  statusForOutsidePause,
  type ObservedMembership,
} from './pause-reconcile';
import { desiredPause } from './queue-pause.mapping';
import { AGENT_STATUSES } from '@cc/contracts';

const member = (queue: string, paused = false, pausedReason = ''): ObservedMembership => ({
  queue,
  interface: 'PJSIP/1001',
  paused,
  pausedReason,
});

describe('desiredPause', () => {
  it('unpauses ONLINE, leaves ON_CALL alone and pauses every other status with the reason, else the status name', () => {
    expect(desiredPause('ONLINE', null)).toEqual({ paused: false });
    expect(desiredPause('ON_CALL', null)).toBeNull();
    expect(desiredPause('BREAK', 'Lunch')).toEqual({ paused: true, reason: 'Lunch' });
    for (const status of [
      'OFFLINE',
      'PAUSE',
      'BREAK',
      'TRAINING',
      'MEETING',
      'WRAP_UP',
      'DO_NOT_DISTURB',
    ] as const)
      expect(desiredPause(status, null)).toEqual({ paused: true, reason: status });
  });
});

describe('reconcileAgentPause', () => {
  it('pauses every unpaused membership of an agent who is not ready', () => {
    const d = reconcileAgentPause({
      status: 'BREAK',
      reason: null,
      platformPauseReason: 'BREAK',
      memberships: [member('sales'), member('support', true, 'BREAK')],
    });
    expect(d).toEqual({
      kind: 'fix',
      actions: [{ interface: 'PJSIP/1001', queue: 'sales', paused: true, reason: 'BREAK' }],
    });
  });

  it('lifts the pauses the platform made from an ONLINE agent', () => {
    const d = reconcileAgentPause({
      status: 'ONLINE',
      reason: null,
      platformPauseReason: 'BREAK',
      memberships: [member('sales', true, 'BREAK'), member('support', true, 'BREAK')],
    });
    expect(d.kind === 'fix' && d.actions.map((a) => [a.queue, a.paused])).toEqual([
      ['sales', false],
      ['support', false],
    ]);
  });

  it('adopts a pause made outside the platform on all the queues of an ONLINE agent', () => {
    const d = reconcileAgentPause({
      status: 'ONLINE',
      reason: null,
      platformPauseReason: 'BREAK',
      memberships: [member('sales', true, 'Lunch'), member('support', true, 'Lunch')],
    });
    expect(d).toEqual({ kind: 'adopt', reason: 'Lunch' });
  });

  it('leaves alone an outside pause on one queue of an ONLINE agent', () => {
    const d = reconcileAgentPause({
      status: 'ONLINE',
      reason: null,
      platformPauseReason: null,
      memberships: [member('sales', true, 'quiet'), member('support')],
    });
    expect(d).toEqual({ kind: 'in-sync' });
  });

  it('leaves an agent on a call as Asterisk has it', () => {
    expect(
      reconcileAgentPause({
        status: 'ON_CALL',
        reason: null,
        platformPauseReason: null,
        memberships: [member('sales')],
      }),
    ).toEqual({
      kind: 'in-sync',
    });
  });
});

describe('pauseActionsForChange', () => {
  it('pauses the interface in every queue with one action', () => {
    expect(pauseActionsForChange('BREAK', 'Lunch', ['PJSIP/1001'], null)).toEqual([
      { interface: 'PJSIP/1001', queue: null, paused: true, reason: 'Lunch' },
    ]);
  });

  it('unpauses everywhere when no outside pause is known', () => {
    expect(pauseActionsForChange('ONLINE', null, ['PJSIP/1001'], null)).toEqual([
      { interface: 'PJSIP/1001', queue: null, paused: false, reason: null },
    ]);
  });

  it('unpauses queue by queue, skipping a queue paused outside the platform', () => {
    const actions = pauseActionsForChange('ONLINE', null, ['PJSIP/1001'], {
      platformPauseReason: 'BREAK',
      memberships: [member('sales', true, 'BREAK'), member('support', true, 'quiet')],
    });
    expect(actions).toEqual([{ interface: 'PJSIP/1001', queue: 'sales', paused: false, reason: null }]);
  });
});

describe('statusForOutsidePause', () => {
  const catalogue = new Map([
    ['lunch', 'BREAK' as const],
    ['training', 'TRAINING' as const],
  ]);
  it('reads a status name, then a catalogue reason, else PAUSE', () => {
    expect(statusForOutsidePause('meeting', catalogue, AGENT_STATUSES)).toBe('MEETING');
    expect(statusForOutsidePause('Lunch', catalogue, AGENT_STATUSES)).toBe('BREAK');
    expect(statusForOutsidePause('*46 feature code', catalogue, AGENT_STATUSES)).toBe('PAUSE');
    expect(statusForOutsidePause('ONLINE', catalogue, AGENT_STATUSES)).toBe('PAUSE');
  });
});
