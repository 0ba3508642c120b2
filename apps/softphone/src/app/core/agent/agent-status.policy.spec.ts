import type { PauseReason } from '@cc/contracts';
import {
  choiceIsDeferred,
  isSelectableStatus,
  overrunSec,
  reasonsFor,
  serverReasonKey,
} from './agent-status.policy';

const catalogue: PauseReason[] = [
  { id: 1, code: 'lunch', label: 'Lunch', status: 'BREAK', paid: false, maxDurationSeconds: 1800 },
  { id: 2, code: 'coffee', label: 'Coffee', status: 'BREAK', paid: true, maxDurationSeconds: 600 },
  { id: 3, code: 'training', label: 'Training', status: 'TRAINING', paid: true, maxDurationSeconds: null },
];

describe('agent status choices', () => {
  it('never offers ON_CALL or WRAP_UP, which only the server sets', () => {
    expect(isSelectableStatus('ON_CALL')).toBe(false);
    expect(isSelectableStatus('WRAP_UP')).toBe(false);
    expect(isSelectableStatus('BREAK')).toBe(true);
  });

  it('defers a choice made during a call or wrap-up', () => {
    expect(choiceIsDeferred('ON_CALL')).toBe(true);
    expect(choiceIsDeferred('WRAP_UP')).toBe(true);
    expect(choiceIsDeferred('ONLINE')).toBe(false);
  });

  it('offers only the reasons of the chosen status', () => {
    expect(reasonsFor('BREAK', catalogue).map((r) => r.code)).toEqual(['lunch', 'coffee']);
    expect(reasonsFor('MEETING', catalogue)).toEqual([]);
  });
});

describe('overrunSec', () => {
  it("counts the seconds a pause runs past its reason's maximum", () => {
    expect(overrunSec('coffee', 'BREAK', 0, 660_000, catalogue)).toBe(60);
    expect(overrunSec('Coffee', 'BREAK', 0, 500_000, catalogue)).toBe(0);
  });

  it('never alarms for reasons without a maximum or outside the catalogue', () => {
    expect(overrunSec('training', 'TRAINING', 0, 10_000_000, catalogue)).toBe(0);
    expect(overrunSec('nap', 'BREAK', 0, 10_000_000, catalogue)).toBe(0);
  });
});

describe('serverReasonKey', () => {
  it("translates the reasons the server writes on an endpoint loss and return, and leaves the catalogue's alone", () => {
    expect(serverReasonKey('Auto: SIP not registered')).toBe('status.autoReason.sipLost');
    expect(serverReasonKey('Auto: SIP registered')).toBe('status.autoReason.sipBack');
    expect(serverReasonKey('Coffee')).toBeNull();
    expect(serverReasonKey(null)).toBeNull();
  });
});
