import { AmiFields } from '../ami/ami-wire';
import { eventNames, field, modelHarness } from '../testing/model-harness';

describe('Originate of ChanSpy', () => {
  it.each([
    ['listen', 'PJSIP/1001,qE'],
    ['whisper', 'PJSIP/1001,qwE'],
    ['barge', 'PJSIP/1001,qBE'],
  ])('rings the supervisor, then spies on the agent (%s)', async (_mode, data) => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.register('1002');
    h.model.originate({ channel: 'Local/500@from-external', application: 'Wait', data: '60', variables: [] });
    await h.clock.advance(3_000);
    const agentChannel = [...h.model.channels.values()].find((c) => c.endpoint === '1001');
    expect(agentChannel?.state).toBe(6);

    const events = await h.during(async () => {
      expect(
        h.model.originate({
          channel: 'PJSIP/1002',
          application: 'ChanSpy',
          data,
          callerId: '"Spy" <1002>',
          variables: [],
          actionId: 'spy-1',
        }),
      ).toBe(true);
      await h.clock.advance(2_500);
    });
    const spy = [...h.model.channels.values()].find((c) => c.endpoint === '1002');
    expect(spy?.name).toMatch(/^PJSIP\/1002-[0-9a-f]{8}$/);
    expect([spy?.state, spy?.application, spy?.applicationData]).toEqual([6, 'ChanSpy', data]);
    const names = eventNames(events).filter((n) => n !== 'VarSet');
    expect(names.indexOf('OriginateResponse')).toBeLessThan(names.indexOf('ChanSpyStart'));
    const start = events.find((e) => field(e, 'Event') === 'ChanSpyStart') as AmiFields;
    expect([field(start, 'SpyerChannel'), field(start, 'SpyeeChannel')]).toEqual([
      spy?.name,
      agentChannel?.name,
    ]);
    expect(h.model.devices.get('PJSIP/1002')).toBe('INUSE');

    const end = await h.during(() => {
      h.model.hangupChannel(spy?.name ?? '');
    });
    expect(eventNames(end).slice(0, 3)).toEqual(['ChanSpyStop', 'HangupRequest', 'Hangup']);
    // the agent's call goes on
    expect(h.model.channels.has(agentChannel?.name ?? '')).toBe(true);
  });

  it('stops spying when the agent hangs up, and with option E hangs up the spy too', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.register('1002');
    h.model.register('1003');
    h.model.originate({ channel: 'Local/501@from-external', application: 'Wait', data: '60', variables: [] });
    await h.clock.advance(3_000);
    for (const [supervisor, data] of [
      ['1002', 'PJSIP/1001,q'],
      ['1003', 'PJSIP/1001,qE'],
    ])
      h.model.originate({ channel: `PJSIP/${supervisor}`, application: 'ChanSpy', data, variables: [] });
    await h.clock.advance(2_500);
    const spies = () => [...h.model.channels.values()].filter((c) => c.application === 'ChanSpy');
    expect(spies().map((c) => c.endpoint)).toEqual(['1002', '1003']);
    const events = await h.during(() => h.clock.advance(5_000));
    expect(
      events.filter((e) => field(e, 'Event') === 'ChanSpyStop').map((e) => field(e, 'SpyerCallerIDNum')),
    ).toEqual(['1002', '1003']);
    expect(spies().map((c) => c.endpoint)).toEqual(['1002']);
  });
});
