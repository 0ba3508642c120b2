import { field, modelHarness } from '../testing/model-harness';

describe('pause from the phone (feature code)', () => {
  it('pauses the agent in every queue with the reason, as QueuePause without Queue does', async () => {
    const h = modelHarness();
    h.model.register('1001');
    const events = await h.during(() => h.model.pauseFromPhone('1001', true, 'Lunch'));
    const pauses = events.filter((e) => field(e, 'Event') === 'QueueMemberPause');
    expect(pauses.map((e) => [field(e, 'Queue'), field(e, 'Paused'), field(e, 'PausedReason')])).toEqual([
      ['support', '1', 'Lunch'],
      ['sales', '1', 'Lunch'],
    ]);
    expect(
      events
        .filter((e) => field(e, 'Event') === 'DeviceStateChange')
        .map((e) => `${field(e, 'Device')}=${field(e, 'State')}`),
    ).toEqual([
      'Queue:support_pause_PJSIP/1001=INUSE',
      'Queue:support_avail=INUSE',
      'Queue:sales_pause_PJSIP/1001=INUSE',
      'Queue:sales_avail=INUSE',
    ]);
  });

  it('pauses one queue only and unpauses it again', async () => {
    const h = modelHarness();
    h.model.register('1001');
    expect(h.model.pauseFromPhone('1001', true, 'Coffee', ['sales'])).toEqual(['sales']);
    const paused = (queue: string) => h.model.findMember(queue, 'PJSIP/1001')?.paused;
    expect([paused('sales'), paused('support')]).toEqual([true, false]);
    const events = await h.during(() => h.model.pauseFromPhone('1001', false, '', ['sales']));
    expect(
      events.filter((e) => field(e, 'Event') === 'QueueMemberPause').map((e) => field(e, 'Paused')),
    ).toEqual(['0']);
    expect(paused('sales')).toBe(false);
  });

  it('changes nothing for an agent in none of the queues named', () => {
    const h = modelHarness();
    expect(h.model.pauseFromPhone('1005', true, 'Lunch')).toEqual([]);
  });
});
