import { AmiFields } from '../ami/ami-wire';
import { generatedTopology } from '../model/pbx-topology';
import { field, modelHarness } from '../testing/model-harness';
import { LoadDriver } from './load-driver';
import { Prng } from './prng';

const thousandAgents = () => {
  const h = modelHarness(generatedTopology(1000, 3));
  for (const e of h.model.topology.endpoints) h.model.register(e.name);
  return h;
};

const run = async (stepMs: number, seconds: number, seed = 7) => {
  const h = thousandAgents();
  const driver = new LoadDriver(h.model, new Prng(seed), 200);
  const from = h.events.length;
  driver.tick(h.clock.now());
  for (let t = 0; t < seconds * 1000; t += stepMs) {
    await h.clock.advance(stepMs);
    driver.tick(h.clock.now());
  }
  return { h, driver, events: h.events.slice(from) };
};

const pauses = (events: AmiFields[]) =>
  events
    .filter((e) => field(e, 'Event') === 'QueueMemberPause')
    .map((e) =>
      [field(e, 'Queue'), field(e, 'Interface'), field(e, 'Paused'), field(e, 'PausedReason')].join('|'),
    );

describe('load driver', () => {
  it('makes 200 changes per simulated second across 1,000 agents, whatever the tick', async () => {
    const fine = await run(50, 10);
    const coarse = await run(1000, 10);
    expect(fine.driver.changesMade).toBe(2000);
    expect(coarse.driver.changesMade).toBe(2000);
    // the same seed makes the same changes
    expect(pauses(fine.events)).toEqual(pauses(coarse.events));
    const agents = new Set(pauses(fine.events).map((p) => p.split('|')[1]));
    expect(agents.size).toBeGreaterThan(500);
  });

  it('mixes pauses with reasons and network losses that make members unavailable', async () => {
    const { events } = await run(100, 5);
    const reasons = new Set(
      events
        .filter((e) => field(e, 'Event') === 'QueueMemberPause' && field(e, 'Paused') === '1')
        .map((e) => field(e, 'PausedReason')),
    );
    expect(reasons.size).toBeGreaterThanOrEqual(4);
    const unavailable = events.filter(
      (e) => field(e, 'Event') === 'QueueMemberStatus' && field(e, 'Status') === '5',
    );
    expect(unavailable.length).toBeGreaterThan(10);
  });
});
