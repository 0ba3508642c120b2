import { type AlarmClock, OutageAlarm } from './outage-alarm';

function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const clock: AlarmClock = {
    now: () => new Date(now),
    setTimeout: (run, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...timers]) {
      if (timer.at <= now) {
        timers.delete(id);
        timer.run();
      }
    }
  };
  return { clock, advance };
}

describe('OutageAlarm', () => {
  const setup = () => {
    const { clock, advance } = manualClock();
    const raised: number[] = [];
    const recovered: Array<[number, number]> = [];
    const alarm = new OutageAlarm(
      30_000,
      {
        raise: (since) => raised.push(since.getTime()),
        recover: (since, up) => recovered.push([since.getTime(), up.getTime()]),
      },
      clock,
    );
    return { alarm, advance, raised, recovered };
  };

  it('raises once when the dependency stays down for the threshold, then reports the recovery', () => {
    const { alarm, advance, raised, recovered } = setup();
    alarm.down();
    advance(29_999);
    expect(raised).toEqual([]);
    advance(1);
    alarm.down();
    advance(60_000);
    expect(raised).toEqual([0]);
    alarm.up();
    expect(recovered).toEqual([[0, 90_000]]);
  });

  it('stays silent about an outage shorter than the threshold', () => {
    const { alarm, advance, raised, recovered } = setup();
    alarm.down();
    advance(10_000);
    alarm.up();
    advance(60_000);
    expect(raised).toEqual([]);
    expect(recovered).toEqual([]);
  });
});
