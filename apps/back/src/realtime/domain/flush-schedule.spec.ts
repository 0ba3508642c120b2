import { FlushSchedule } from './flush-schedule';

describe('flush schedule', () => {
  it('flushes a change after a quiet interval at once, and the next ones on the grid it anchors', () => {
    const schedule = new FlushSchedule(25, 100);
    expect(schedule.slotFor(1_003, 1_003)).toBe(1_003);
    expect(schedule.fire(1_003, 1_003)).toBe(1_003);
    expect(schedule.slotFor(1_010, 1_010)).toBe(1_028);
    schedule.fire(1_028, 1_028);
    expect(schedule.slotFor(1_040, 1_040)).toBe(1_053);
    // An entity published at 1003 is held until 1103: a slot of the same grid.
    expect(schedule.slotFor(1_103, 1_050)).toBe(1_103);
    // Quiet for a whole interval: at once again.
    expect(schedule.slotFor(1_200, 1_200)).toBe(1_200);
  });

  it('keeps the grid when a timer fires late, standing for the last slot it passed', () => {
    const schedule = new FlushSchedule(25, 100);
    schedule.fire(1_000, 1_000);
    expect(schedule.fire(1_025, 1_031)).toBe(1_025);
    expect(schedule.fire(1_050, 1_110)).toBe(1_100);
    expect(schedule.slotFor(1_111, 1_111)).toBe(1_125);
  });

  it('divides the coalescing window exactly, so a held entity waits for no extra slot', () => {
    expect(new FlushSchedule(25, 100).intervalMs).toBe(25);
    expect(new FlushSchedule(30, 100).intervalMs).toBe(25);
    expect(new FlushSchedule(50, 100).intervalMs).toBe(50);
    expect(new FlushSchedule(500, 100).intervalMs).toBe(100);
  });
});
