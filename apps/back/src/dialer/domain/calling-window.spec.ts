import { checkCallingWindow, isValidTimeZone } from './calling-window';

const WINDOW = { start: '09:00', end: '20:00' };

describe('checkCallingWindow', () => {
  it('is open inside the window in the lead’s own zone', () => {
    // 08:30 UTC is 09:30 in Paris (winter, UTC+1) but 03:30 in New York.
    const now = new Date('2026-12-02T08:30:00Z');
    expect(checkCallingWindow(now, 'Europe/Paris', WINDOW)).toEqual({ open: true });
    expect(checkCallingWindow(now, 'America/New_York', WINDOW)).toEqual({
      open: false,
      opensAt: new Date('2026-12-02T14:00:00Z'),
    });
  });

  it('opens tomorrow once today’s window has closed, and the end is exclusive', () => {
    expect(checkCallingWindow(new Date('2026-12-02T19:00:00Z'), 'Europe/Paris', WINDOW)).toEqual({
      open: false,
      opensAt: new Date('2026-12-03T08:00:00Z'),
    });
  });

  it('finds the opening across a daylight-saving change', () => {
    // Paris moves to UTC+2 on 2026-03-29: 09:00 local that day is 07:00 UTC.
    expect(checkCallingWindow(new Date('2026-03-28T20:00:00Z'), 'Europe/Paris', WINDOW)).toEqual({
      open: false,
      opensAt: new Date('2026-03-29T07:00:00Z'),
    });
  });

  it('crosses a month end', () => {
    expect(checkCallingWindow(new Date('2026-12-31T22:00:00Z'), 'UTC', WINDOW)).toEqual({
      open: false,
      opensAt: new Date('2027-01-01T09:00:00Z'),
    });
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and refuses anything else', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
