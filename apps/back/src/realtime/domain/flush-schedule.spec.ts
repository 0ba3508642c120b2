import { FlushSchedule } from './flush-schedule';

describe('flush schedule of a live room', () => {
  it('flushes a change after a quiet interval at once, and the next ones on its grid', () => {
    const schedule = new FlushSchedule(25, 5);
    expect(schedule.slotFor(1_003, 1_003, true)).toBe(1_003);
    expect(schedule.fire(1_003, 1_003)).toBe(1_003);
    // At least an interval after the last flush, on the grid (…, 1_030, 1_055, …).
    expect(schedule.slotFor(1_010, 1_010, true)).toBe(1_030);
    schedule.fire(1_030, 1_030);
    expect(schedule.slotFor(1_040, 1_040, true)).toBe(1_055);
    // An entity published at 1_030 is held until 1_130: a slot of the same grid.
    expect(schedule.slotFor(1_130, 1_050, true)).toBe(1_130);
    // Quiet for a whole interval: at once again, unless other changes already wait for a slot.
    expect(schedule.slotFor(1_200, 1_200, true)).toBe(1_200);
    expect(schedule.slotFor(1_200, 1_200, false)).toBe(1_205);
  });

  it('stands for the last slot a late timer passed, so the grid does not drift', () => {
    const schedule = new FlushSchedule(25, 0);
    schedule.fire(1_000, 1_000);
    expect(schedule.fire(1_025, 1_031)).toBe(1_025);
    expect(schedule.fire(1_050, 1_110)).toBe(1_100);
    expect(schedule.slotFor(1_111, 1_111, true)).toBe(1_125);
  });

  it('divides the coalescing window exactly, so a held entity waits for no extra slot', () => {
    expect(FlushSchedule.interval(25, 100)).toBe(25);
    expect(FlushSchedule.interval(30, 100)).toBe(25);
    expect(FlushSchedule.interval(50, 100)).toBe(50);
    expect(FlushSchedule.interval(500, 100)).toBe(100);
  });
});
