import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, WireMessage, get, readFixture, shape } from '../testing/ami-test.client';

// Every happening is compared with the whole fixture connection: the client logs in with
// `Events: on` like the capture did, so nothing is excluded (VarSet/Newexten included).
// Values that are ids, times or counters of the lab's history are not compared; header names,
// their order and the order of messages are.

const USER = 'ami';
const SECRET = 'lab-secret';

const shapes = (msgs: WireMessage[]): string[] => msgs.map(shape);

const connections = (msgs: WireMessage[]): WireMessage[][] => {
  const out: WireMessage[][] = [];
  for (const m of msgs) {
    if (m[0][0] === 'Banner') out.push([]);
    out[out.length - 1].push(m);
  }
  return out;
};

describe('AMI conformance with the Asterisk 22 fixtures', () => {
  let sim: PbxSimulator;
  const clients: AmiTestClient[] = [];

  const connect = async (): Promise<AmiTestClient> => {
    const c = await AmiTestClient.connect(sim.amiPort);
    clients.push(c);
    await c.waitFor((m) => m[0][0] === 'Banner');
    return c;
  };

  beforeEach(async () => {
    sim = await PbxSimulator.start({
      amiUser: USER,
      amiSecret: SECRET,
      speed: 20,
      httpPort: null,
      topology: 'lab',
    });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.stop();
  });

  it('answers the startup list actions like startup_state.ami', async () => {
    const fixture = readFixture('startup_state.ami');
    sim.model.register('1001');
    sim.model.pauseMember('PJSIP/1001', true, 'Training', 'support');
    sim.model.originate({
      channel: 'Local/501@from-external',
      application: 'Wait',
      data: '60',
      callerId: '"Customer Waiting" <+15551230009>',
      variables: [],
    });

    const c = await connect();
    await c.login(USER, SECRET);
    for (const action of [
      'QueueStatus',
      'QueueSummary',
      'CoreShowChannels',
      'DeviceStateList',
      'PJSIPShowEndpoints',
      'PJSIPShowContacts',
      'PJSIPShowRegistrationInboundContactStatuses',
      'Agents',
      'Status',
    ]) {
      await c.action([
        ['Action', action],
        ['ActionID', `${action.toLowerCase()}-1`],
      ]);
    }
    await c.logoff();

    expect(shapes(c.messages)).toEqual(shapes(fixture));
    // values that do not depend on ids or the clock are the fixture's too
    const STABLE: Record<string, string[]> = {
      QueueParams: ['Queue', 'Strategy', 'Calls', 'Completed', 'Abandoned', 'ServiceLevel'],
      QueueMember: [
        'Queue',
        'Name',
        'Location',
        'StateInterface',
        'Membership',
        'Penalty',
        'InCall',
        'Status',
        'Paused',
        'PausedReason',
      ],
      QueueEntry: ['Queue', 'Position', 'CallerIDNum', 'CallerIDName'],
      QueueSummary: ['Queue', 'LoggedIn', 'Available', 'Callers'],
      CoreShowChannel: [
        'ChannelState',
        'CallerIDNum',
        'Context',
        'Exten',
        'Priority',
        'Application',
        'ApplicationData',
      ],
      EndpointList: ['ObjectName', 'Transport', 'Aor', 'DeviceState', 'ActiveChannels'],
      ContactStatusDetail: ['AOR', 'URI', 'Status', 'EndpointName'],
      Agents: ['Agent', 'Name', 'Status'],
      Status: ['ChannelState', 'CallerIDNum', 'Context', 'Exten', 'Priority', 'Type', 'Application', 'Data'],
    };
    const stable = (msgs: WireMessage[]) =>
      msgs
        .filter((m) => STABLE[get(m, 'Event') ?? ''])
        .map((m) => [get(m, 'Event'), ...STABLE[get(m, 'Event') as string].map((h) => get(m, h))].join('|'));
    expect(stable(c.messages)).toEqual(stable(fixture));
    const devices = (msgs: WireMessage[]) =>
      msgs
        .filter((m) => get(m, 'Event') === 'DeviceStateChange')
        .map((m) => `${get(m, 'Device')}=${get(m, 'State')}`)
        .sort();
    expect(devices(c.messages)).toEqual(devices(fixture));
    // the caller waiting in support is reported with the fixture's caller id and position
    const entry = c.messages.find((m) => get(m, 'Event') === 'QueueEntry') as WireMessage;
    expect([get(entry, 'Queue'), get(entry, 'Position'), get(entry, 'CallerIDName')]).toEqual([
      'support',
      '1',
      'Customer Waiting',
    ]);
    const pausedSupport = c.messages.find(
      (m) =>
        get(m, 'Event') === 'QueueMember' &&
        get(m, 'Queue') === 'support' &&
        get(m, 'Location') === 'PJSIP/1001',
    ) as WireMessage;
    expect([
      get(pausedSupport, 'Paused'),
      get(pausedSupport, 'PausedReason'),
      get(pausedSupport, 'Status'),
    ]).toEqual(['1', 'Training', '1']);
  });

  it('emits register_unregister.ami for registrations, a failed auth, a qualify loss and expiries', async () => {
    const fixture = readFixture('register_unregister.ami');
    const c = await connect();
    await c.login(USER, SECRET);
    sim.model.register('1001');
    sim.model.register('1002', { deviceStateLate: true });
    sim.model.registerWithWrongPassword('1003');
    sim.model.register('1003', { reachable: false, contactPort: 5082, expiresSeconds: 20 });
    sim.model.unregister('1001');
    sim.model.qualifyFailed('1002');
    sim.model.removeContact('1003');
    sim.model.unregister('1002');
    await c.logoff();

    expect(shapes(c.messages)).toEqual(shapes(fixture));
    const statuses = (msgs: WireMessage[]) =>
      msgs
        .filter(
          (m) =>
            get(m, 'Event') === 'ContactStatus' ||
            get(m, 'Event') === 'QueueMemberStatus' ||
            get(m, 'Event') === 'PeerStatus' ||
            get(m, 'Event') === 'DeviceStateChange',
        )
        .map((m) =>
          [
            get(m, 'Event'),
            get(m, 'ContactStatus') ?? get(m, 'Status') ?? get(m, 'PeerStatus') ?? get(m, 'State'),
            get(m, 'AOR') ?? get(m, 'Interface') ?? get(m, 'Peer') ?? get(m, 'Device'),
          ].join(' '),
        );
    expect(statuses(c.messages)).toEqual(statuses(fixture));
  });

  it('follows pause_unpause.ami for pauses, dynamic members and penalties', async () => {
    const fixture = readFixture('pause_unpause.ami');
    sim.model.register('1001');
    sim.model.register('1002');
    const c = await connect();
    await c.login(USER, SECRET);
    const steps: [string, string][][] = [
      [
        ['Action', 'QueuePause'],
        ['ActionID', 'pause-all-1001'],
        ['Interface', 'PJSIP/1001'],
        ['Paused', 'true'],
        ['Reason', 'Lunch'],
      ],
      [
        ['Action', 'QueueStatus'],
        ['ActionID', 'status-paused'],
        ['Queue', 'sales'],
        ['Member', 'PJSIP/1001'],
      ],
      [
        ['Action', 'QueuePause'],
        ['ActionID', 'unpause-all-1001'],
        ['Interface', 'PJSIP/1001'],
        ['Paused', 'false'],
      ],
      [
        ['Action', 'QueuePause'],
        ['ActionID', 'pause-sales-1001'],
        ['Queue', 'sales'],
        ['Interface', 'PJSIP/1001'],
        ['Paused', 'true'],
        ['Reason', 'Lunch'],
      ],
      [
        ['Action', 'QueuePause'],
        ['ActionID', 'unpause-sales-1001'],
        ['Queue', 'sales'],
        ['Interface', 'PJSIP/1001'],
        ['Paused', 'false'],
      ],
      [
        ['Action', 'QueueAdd'],
        ['ActionID', 'add-1004-support'],
        ['Queue', 'support'],
        ['Interface', 'PJSIP/1004'],
        ['MemberName', 'Agent 1004'],
        ['StateInterface', 'PJSIP/1004'],
      ],
      [
        ['Action', 'QueuePenalty'],
        ['ActionID', 'penalty-1004'],
        ['Interface', 'PJSIP/1004'],
        ['Penalty', '2'],
      ],
      [
        ['Action', 'QueueAdd'],
        ['ActionID', 'add-local-agent1-sales'],
        ['Queue', 'sales'],
        ['Interface', 'Local/agent1@agents/n'],
        ['MemberName', 'Local Agent 1'],
        ['Paused', 'true'],
        ['Reason', 'Onboarding'],
      ],
      [
        ['Action', 'QueueStatus'],
        ['ActionID', 'status-support'],
        ['Queue', 'support'],
      ],
      [
        ['Action', 'QueueRemove'],
        ['ActionID', 'remove-1004-support'],
        ['Queue', 'support'],
        ['Interface', 'PJSIP/1004'],
      ],
      [
        ['Action', 'QueueRemove'],
        ['ActionID', 'remove-local-agent1-sales'],
        ['Queue', 'sales'],
        ['Interface', 'Local/agent1@agents/n'],
      ],
    ];
    for (const s of steps) await c.action(s);
    await c.logoff();

    expect(shapes(c.messages)).toEqual(shapes(fixture));
    const values = (msgs: WireMessage[]) =>
      msgs
        .filter(
          (m) =>
            m[0][0] === 'Response' ||
            /^QueueMember(Pause|Added|Removed|Penalty)$/.test(get(m, 'Event') ?? '') ||
            get(m, 'Event') === 'DeviceStateChange',
        )
        .map((m) =>
          [
            'Message',
            'Queue',
            'Interface',
            'Paused',
            'PausedReason',
            'Penalty',
            'Membership',
            'Status',
            'Device',
            'State',
          ]
            .map((h) => get(m, h) ?? '')
            .join('|'),
        );
    expect(values(c.messages)).toEqual(values(fixture));
  });

  it('answers each error of errors.ami with the same message', async () => {
    const fixture = connections(readFixture('errors.ami'));
    const bad = await connect();
    await bad.action([
      ['Action', 'Login'],
      ['ActionID', 'login-1'],
      ['Username', USER],
      ['Secret', 'wrong'],
    ]);
    await bad.waitClosed();
    expect(bad.messages).toEqual(fixture[0]);

    const c = await connect();
    await c.action([
      ['Action', 'QueueStatus'],
      ['ActionID', 'before-login-1'],
    ]);
    await c.login(USER, SECRET);
    const steps: [string, string][][] = [
      [
        ['Action', 'QueuePause'],
        ['ActionID', 'pause-unknown-interface'],
        ['Interface', 'PJSIP/9999'],
        ['Paused', 'true'],
      ],
      [
        ['Action', 'QueuePause'],
        ['ActionID', 'pause-missing-interface'],
        ['Paused', 'true'],
      ],
      [
        ['Action', 'QueueAdd'],
        ['ActionID', 'add-unknown-queue'],
        ['Queue', 'nosuchqueue'],
        ['Interface', 'PJSIP/1001'],
      ],
      [
        ['Action', 'QueueAdd'],
        ['ActionID', 'add-duplicate-member'],
        ['Queue', 'sales'],
        ['Interface', 'PJSIP/1001'],
      ],
      [
        ['Action', 'QueueRemove'],
        ['ActionID', 'remove-not-member'],
        ['Queue', 'sales'],
        ['Interface', 'PJSIP/1005'],
      ],
      [
        ['Action', 'QueueRemove'],
        ['ActionID', 'remove-static-member'],
        ['Queue', 'sales'],
        ['Interface', 'PJSIP/1001'],
      ],
      [
        ['Action', 'NoSuchAction'],
        ['ActionID', 'unknown-action'],
      ],
      [
        ['Action', 'PJSIPShowEndpoint'],
        ['ActionID', 'show-unknown-endpoint'],
        ['Endpoint', '9999'],
      ],
      [
        ['Action', 'Originate'],
        ['ActionID', 'originate-unregistered'],
        ['Channel', 'PJSIP/1003'],
        ['Application', 'Wait'],
        ['Data', '5'],
      ],
    ];
    for (const s of steps) await c.action(s);
    await c.logoff();

    expect(shapes(c.messages)).toEqual(shapes(fixture[1]));
    const responses = (msgs: WireMessage[]) => msgs.filter((m) => m[0][0] === 'Response');
    expect(responses(c.messages)).toEqual(responses(fixture[1]));
    // the bare LF inside the value, byte for byte
    expect(c.raw).toContain('Message: Unable to retrieve endpoint 9999\n\r\n\r\n');
  });

  it('plays queue_call_answered.ami for an originated queue call answered by 1001', async () => {
    const fixture = readFixture('queue_call_answered.ami');
    sim.model.register('1001');
    sim.model.register('1002');
    sim.model.phone = { ringSeconds: () => 2, talkSeconds: () => 6 };
    const c = await connect();
    await c.login(USER, SECRET);
    await c.action([
      ['Action', 'Originate'],
      ['ActionID', 'originate-1'],
      ['Channel', 'Local/500@from-external'],
      ['Application', 'Wait'],
      ['Data', '20'],
      ['Async', 'true'],
      ['CallerID', '"Customer One" <+15551230001>'],
      ['Variable', 'CUSTOMER_ID=42'],
    ]);
    await c.waitFor((m) => get(m, 'Variable') === 'BRIDGEPVTCALLID');
    await c.action([
      ['Action', 'QueueStatus'],
      ['ActionID', 'queuestatus-during-call'],
      ['Queue', 'sales'],
    ]);
    await c.action([
      ['Action', 'CoreShowChannels'],
      ['ActionID', 'coreshowchannels-during-call'],
    ]);
    await c.waitFor(
      (m) =>
        get(m, 'Event') === 'QueueMemberStatus' && get(m, 'Queue') === 'sales' && get(m, 'Status') === '1',
    );
    await c.action([
      ['Action', 'QueueStatus'],
      ['ActionID', 'queuestatus-after-call'],
      ['Queue', 'sales'],
    ]);
    await c.logoff();

    expect(shapes(c.messages)).toEqual(shapes(fixture));

    // the QueueStatus after the call is the fixture's, ids and times aside
    const TIMES = new Set(['LastCall', 'LastPause', 'LoginTime']);
    const afterCall = (msgs: WireMessage[]) =>
      msgs
        .filter((m) => get(m, 'ActionID') === 'queuestatus-after-call')
        .map((m) => m.filter(([k]) => !TIMES.has(k)));
    expect(afterCall(c.messages)).toEqual(afterCall(fixture));
    const lastCall = c.messages.find(
      (m) => get(m, 'ActionID') === 'queuestatus-after-call' && get(m, 'Location') === 'PJSIP/1001',
    ) as WireMessage;
    expect(Number(get(lastCall, 'LastCall'))).toBeGreaterThan(0);

    // who rang, which statuses and device states, in which order
    const story = (msgs: WireMessage[]) =>
      msgs
        .filter((m) => m[0][0] === 'Event' && get(m, 'Event') !== 'VarSet')
        .map((m) =>
          [
            'Event',
            'Queue',
            'Interface',
            'Status',
            'DialStatus',
            'Device',
            'State',
            'ChannelStateDesc',
            'Application',
            'Reason',
            'Cause',
          ]
            .map((h) => get(m, h) ?? '')
            .join('|'),
        );
    expect(story(c.messages)).toEqual(story(fixture));
    const varNames = (msgs: WireMessage[]) =>
      msgs.filter((m) => get(m, 'Event') === 'VarSet').map((m) => get(m, 'Variable'));
    expect(varNames(c.messages)).toEqual(varNames(fixture));

    const agentComplete = (msgs: WireMessage[]) =>
      msgs
        .filter((m) => get(m, 'Event') === 'AgentComplete')
        .map((m) => ['Queue', 'Interface', 'HoldTime', 'TalkTime', 'Reason'].map((h) => get(m, h)));
    expect(agentComplete(c.messages)).toEqual(agentComplete(fixture));
  });
});
