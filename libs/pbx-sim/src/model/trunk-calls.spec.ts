import { AmiFields } from '../ami/ami-wire';
import { eventNames, field, modelHarness } from '../testing/model-harness';

const CALL_EVENTS = new Set([
  'Newchannel',
  'Newstate',
  'DialBegin',
  'DialState',
  'DialEnd',
  'BridgeCreate',
  'BridgeEnter',
  'BridgeLeave',
  'BridgeDestroy',
  'HangupRequest',
  'SoftHangupRequest',
  'Hangup',
  'OriginateResponse',
  'Newexten',
]);

/** The call's story: event, channel (or Dest channel), state, dial status, cause. */
const story = (events: AmiFields[]): string[] =>
  events
    .filter((e) => CALL_EVENTS.has(e[0][1]))
    .map((e) =>
      [
        e[0][1],
        (field(e, 'Channel') ?? field(e, 'DestChannel') ?? '').replace(/-[0-9a-f]{8}$/, ''),
        field(e, 'ChannelStateDesc') ?? '',
        field(e, 'DialStatus') ?? field(e, 'Application') ?? '',
        field(e, 'Cause') ?? field(e, 'Reason') ?? '',
      ]
        .filter((p) => p !== '')
        .join(' '),
    );

describe('calls through the trunk', () => {
  it('lets an agent dial an external number that answers: dial, bridge, hang up', async () => {
    const h = modelHarness();
    h.model.register('1001');
    const events = await h.during(async () => {
      const r = h.model.agentDialsOut('1001', '+15550001');
      expect(r.outcome).toBe('answer');
      await h.clock.advance(30_000);
    });
    expect(story(events)).toEqual([
      'Newchannel PJSIP/1001 Ring',
      'Newexten PJSIP/1001 Ring Dial',
      'Newchannel PJSIP/trunk Down',
      'DialBegin PJSIP/1001 Ring',
      'Newstate PJSIP/trunk Ringing',
      'DialState PJSIP/1001 Ring RINGING',
      'Newstate PJSIP/trunk Up',
      'DialEnd PJSIP/1001 Ring ANSWER',
      'Newstate PJSIP/1001 Up',
      'BridgeCreate',
      'BridgeEnter PJSIP/trunk Up',
      'BridgeEnter PJSIP/1001 Up',
      'HangupRequest PJSIP/1001 Up',
      'BridgeLeave PJSIP/1001 Up',
      'BridgeLeave PJSIP/trunk Up',
      'Hangup PJSIP/1001 Up 16',
      'SoftHangupRequest PJSIP/trunk Up 16',
      'Hangup PJSIP/trunk Up 16',
      'BridgeDestroy',
    ]);
    // the agent's device is in use from the first ring-back to the hangup
    const device = events
      .filter((e) => field(e, 'Event') === 'DeviceStateChange' && field(e, 'Device') === 'PJSIP/1001')
      .map((e) => field(e, 'State'));
    expect(device).toEqual(['INUSE', 'NOT_INUSE']);
    expect(h.model.channels.size).toBe(0);
  });

  it('ends an outbound dial to a busy number with cause 17 on both channels', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.externalNumbers.set({ '+15550001': 'busy' });
    const events = await h.during(async () => {
      expect(h.model.agentDialsOut('1001', '+15550001').outcome).toBe('busy');
      await h.clock.advance(5_000);
    });
    expect(story(events).slice(-3)).toEqual([
      'DialEnd PJSIP/1001 Ring BUSY',
      'Hangup PJSIP/trunk Down 17',
      'Hangup PJSIP/1001 Ring 17',
    ]);
    expect(events.find((e) => field(e, 'Cause') === '17' && field(e, 'Event') === 'Hangup')).toContainEqual([
      'Cause-txt',
      'User busy',
    ]);
  });

  it('rings an agent from an external number and bridges them when the phone answers', async () => {
    const h = modelHarness();
    h.model.register('1001');
    const events = await h.during(async () => {
      h.model.externalDialsAgent('1001', '+15557770001', 'Customer');
      await h.clock.advance(30_000);
    });
    expect(story(events)).toEqual([
      'Newchannel PJSIP/trunk Ring',
      'Newexten PJSIP/trunk Ring Dial',
      'Newchannel PJSIP/1001 Down',
      'DialBegin PJSIP/trunk Ring',
      'Newstate PJSIP/1001 Ringing',
      'DialState PJSIP/trunk Ring RINGING',
      'Newstate PJSIP/1001 Up',
      'DialEnd PJSIP/trunk Ring ANSWER',
      'Newstate PJSIP/trunk Up',
      'BridgeCreate',
      'BridgeEnter PJSIP/1001 Up',
      'BridgeEnter PJSIP/trunk Up',
      'HangupRequest PJSIP/1001 Up',
      'BridgeLeave PJSIP/1001 Up',
      'BridgeLeave PJSIP/trunk Up',
      'Hangup PJSIP/1001 Up 16',
      'SoftHangupRequest PJSIP/trunk Up 16',
      'Hangup PJSIP/trunk Up 16',
      'BridgeDestroy',
    ]);
    const member = events
      .filter((e) => field(e, 'Event') === 'QueueMemberStatus' && field(e, 'Queue') === 'sales')
      .map((e) => field(e, 'Status'));
    expect(member).toEqual(['6', '2', '1']);
    const trunk = events.find((e) => field(e, 'Event') === 'Newchannel') as AmiFields;
    expect([field(trunk, 'CallerIDNum'), field(trunk, 'CallerIDName'), field(trunk, 'Exten')]).toEqual([
      '+15557770001',
      'Customer',
      '1001',
    ]);
  });

  it('refuses a direct call to a phone with no reachable contact', () => {
    const h = modelHarness();
    expect(() => h.model.externalDialsAgent('1001', '+15550001')).toThrow('no reachable contact');
    expect(() => h.model.agentDialsOut('1001', '+15550001')).toThrow('no reachable contact');
  });

  it('hangs up both channels when the agent hangs up mid-call', async () => {
    const h = modelHarness();
    h.model.register('1001');
    const r = h.model.agentDialsOut('1001', '+15550001');
    await h.clock.advance(3_000);
    expect(h.model.hangupChannel(r.channel)).toBe(true);
    expect(h.model.channels.size).toBe(0);
    expect(h.model.devices.get('PJSIP/1001')).toBe('NOT_INUSE');
  });
});

describe('Originate to an external number', () => {
  const originate = (h: ReturnType<typeof modelHarness>, number: string, target: object) =>
    h.model.originate({
      channel: `PJSIP/${number}@trunk`,
      callerId: '"Dialer" <+15550000>',
      variables: [],
      actionId: 'o-1',
      ...target,
    });

  it.each([
    ['busy', '+15550007', '17', '5'],
    ['no answer', '+15550008', '19', '3'],
    ['congestion', '+15550009', '34', '8'],
  ])(
    'reports %s with the cause and OriginateResponse Reason Asterisk sends',
    async (_name, number, cause, reason) => {
      const h = modelHarness();
      const events = await h.during(async () => {
        expect(h.model.canOriginate(`PJSIP/${number}@trunk`)).toBe(true);
        originate(h, number, { context: 'from-external', exten: '500' });
        await h.clock.advance(40_000);
      });
      const hangup = events.find((e) => field(e, 'Event') === 'Hangup') as AmiFields;
      expect(field(hangup, 'Cause')).toBe(cause);
      const response = events.find((e) => field(e, 'Event') === 'OriginateResponse') as AmiFields;
      expect(response).toEqual([
        ['Event', 'OriginateResponse'],
        ['Privilege', 'call,all'],
        ['ActionID', 'o-1'],
        ['Response', 'Failure'],
        ['Channel', `PJSIP/${number}@trunk`],
        ['Context', 'from-external'],
        ['Exten', '500'],
        ['Reason', reason],
        ['Uniqueid', '<unknown>'],
        ['CallerIDNum', '+15550000'],
        ['CallerIDName', 'Dialer'],
      ]);
      expect(eventNames(events).indexOf('Hangup')).toBeLessThan(
        eventNames(events).indexOf('OriginateResponse'),
      );
    },
  );

  it('puts an answered number into the queue, where an agent takes the call', async () => {
    const h = modelHarness();
    h.model.register('1001');
    const events = await h.during(async () => {
      originate(h, '+15550001', { context: 'from-external', exten: '500' });
      await h.clock.advance(3_000);
    });
    const response = events.find((e) => field(e, 'Event') === 'OriginateResponse') as AmiFields;
    expect([field(response, 'Response'), field(response, 'Reason')]).toEqual(['Success', '4']);
    expect(eventNames(events)).toContain('QueueCallerJoin');
    await h.clock.advance(3_000);
    expect([...h.model.callers.values()].map((c) => [c.queue, c.state, c.caller.callerNum])).toEqual([
      ['sales', 'connected', '+15550000'],
    ]);
    await h.clock.advance(10_000);
    expect(h.model.queues.get('sales')?.completed).toBe(1);
    expect(h.model.channels.size).toBe(0);
  });

  it('connects an answered number to an agent extension', async () => {
    const h = modelHarness();
    h.model.register('1002');
    originate(h, '+15550001', { context: 'from-internal', exten: '1002' });
    await h.clock.advance(5_000);
    const channels = [...h.model.channels.values()];
    expect(channels.map((c) => [c.name.replace(/-[0-9a-f]{8}$/, ''), c.state, !!c.bridgeId])).toEqual([
      ['PJSIP/trunk', 6, true],
      ['PJSIP/1002', 6, true],
    ]);
    expect(channels[0].bridgeId).toBe(channels[1].bridgeId);
  });

  it('rings the agent first, then dials the number (Originate PJSIP/<ext> to an external Exten)', async () => {
    const h = modelHarness();
    h.model.register('1001');
    h.model.externalNumbers.set({ '+15550002': 'busy' });
    const run = async (number: string) =>
      h.during(async () => {
        h.model.originate({ channel: 'PJSIP/1001', context: 'from-internal', exten: number, variables: [] });
        await h.clock.advance(4_000);
      });
    const answered = await run('+15550001');
    expect(story(answered).slice(0, 4)).toEqual([
      'Newchannel PJSIP/1001 Down',
      'Newstate PJSIP/1001 Ringing',
      'Newstate PJSIP/1001 Up',
      'OriginateResponse PJSIP/1001 4',
    ]);
    expect(story(answered)).toContain('BridgeEnter PJSIP/1001 Up');
    await h.clock.advance(10_000);
    expect(h.model.channels.size).toBe(0);

    const busy = await run('+15550002');
    expect(story(busy).slice(-3)).toEqual([
      'DialEnd PJSIP/1001 Up BUSY',
      'Hangup PJSIP/trunk Down 17',
      'Hangup PJSIP/1001 Up 17',
    ]);
    expect(h.model.devices.get('PJSIP/1001')).toBe('NOT_INUSE');
  });
});
