import { shouldStartShift } from './shift-start';

describe('shouldStartShift', () => {
  it('starts the shift of an agent who is OFFLINE from the last sign-out or the seed', () => {
    expect(shouldStartShift({ status: 'OFFLINE', reason: null })).toBe(true);
    expect(shouldStartShift({ status: 'OFFLINE', reason: 'End of shift' })).toBe(true);
  });

  it('leaves an automatic OFFLINE to the server, which restores the status before it', () => {
    expect(shouldStartShift({ status: 'OFFLINE', reason: 'Auto: SIP not registered' })).toBe(false);
  });

  it('never overrides a status the agent is already in', () => {
    expect(shouldStartShift({ status: 'BREAK', reason: 'Lunch' })).toBe(false);
    expect(shouldStartShift({ status: 'ONLINE', reason: null })).toBe(false);
  });
});
