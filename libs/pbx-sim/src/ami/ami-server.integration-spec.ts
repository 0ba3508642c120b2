import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, WireMessage, get } from '../testing/ami-test.client';

const events = (c: AmiTestClient, name?: string): WireMessage[] =>
  c.messages.filter((m) => m[0][0] === 'Event' && (!name || m[0][1] === name));

describe('AMI server sessions and call handling', () => {
  let sim: PbxSimulator;
  const clients: AmiTestClient[] = [];

  const client = async (eventsMask = 'on'): Promise<AmiTestClient> => {
    const c = await AmiTestClient.connect(sim.amiPort);
    clients.push(c);
    await c.login('admin', 'admin', eventsMask);
    return c;
  };

  beforeEach(async () => {
    sim = await PbxSimulator.start({ speed: 50, httpPort: null, topology: 'lab' });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.stop();
  });

  it('answers Ping with Pong and a microsecond timestamp', async () => {
    const c = await client();
    const r = await c.action([
      ['Action', 'Ping'],
      ['ActionID', 'p1'],
    ]);
    expect(r.map(([k]) => k)).toEqual(['Response', 'ActionID', 'Ping', 'Timestamp']);
    expect(get(r, 'Ping')).toBe('Pong');
    expect(get(r, 'Timestamp')).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('filters events per session by class mask, Events action and Filter', async () => {
    const agentOnly = await client('agent');
    const none = await client('off');
    const filtered = await client('on');
    await filtered.action([
      ['Action', 'Filter'],
      ['ActionID', 'f1'],
      ['Operation', 'Add'],
      ['Filter', 'Event: QueueMemberPause'],
    ]);
    expect(events(agentOnly)).toHaveLength(0); // no FullyBooted/SuccessfulAuth: not agent class

    sim.model.pauseMember('PJSIP/1001', true, 'Lunch');
    await agentOnly.action([
      ['Action', 'Ping'],
      ['ActionID', 'sync'],
    ]);
    await none.action([
      ['Action', 'Ping'],
      ['ActionID', 'sync'],
    ]);
    await filtered.action([
      ['Action', 'Ping'],
      ['ActionID', 'sync'],
    ]);

    expect(events(agentOnly).map((m) => m[0][1])).toEqual(['QueueMemberPause', 'QueueMemberPause']);
    expect(events(none)).toHaveLength(0);
    expect(events(filtered).map((m) => m[0][1])).toEqual([
      'FullyBooted',
      'SuccessfulAuth',
      'QueueMemberPause',
      'QueueMemberPause',
    ]);

    const r = await none.action([
      ['Action', 'Events'],
      ['ActionID', 'e1'],
      ['EventMask', 'call'],
    ]);
    expect(get(r, 'Events')).toBe('On');
    sim.model.pauseMember('PJSIP/1001', false, '');
    await none.action([
      ['Action', 'Ping'],
      ['ActionID', 'sync2'],
    ]);
    expect(events(none).map((m) => m[0][1])).toEqual(['DeviceStateChange', 'DeviceStateChange']);
  });

  it('rings the next member after a ring timeout (AgentRingNoAnswer, retry)', async () => {
    sim.model.register('1001');
    sim.model.register('1002');
    sim.model.phone = { ringSeconds: (iface) => (iface === 'PJSIP/1001' ? null : 1), talkSeconds: () => 3 };
    const c = await client();
    await c.action([
      ['Action', 'Originate'],
      ['ActionID', 'o1'],
      ['Channel', 'Local/500@from-external'],
      ['Application', 'Wait'],
      ['Data', '60'],
      ['CallerID', '"X" <+1555>'],
    ]);
    await c.waitFor((m) => get(m, 'Event') === 'AgentComplete', 8000);
    const flow = events(c)
      .filter((m) => /^Agent|^QueueCaller/.test(m[0][1]))
      .map((m) => `${m[0][1]} ${get(m, 'Interface') ?? ''}`.trim());
    expect(flow).toEqual([
      'QueueCallerJoin',
      'AgentCalled PJSIP/1001',
      'AgentRingNoAnswer PJSIP/1001',
      'AgentCalled PJSIP/1002',
      'QueueCallerLeave',
      'AgentConnect PJSIP/1002',
      'AgentComplete PJSIP/1002',
    ]);
    const truth = sim.groundTruth();
    const sales = truth.queues.find((q) => q.name === 'sales');
    expect(sales?.completed).toBe(1);
    expect(sales?.members.find((m) => m.interface === 'PJSIP/1002')?.callsTaken).toBe(1);
  });

  it('rings every free member with ringall and cancels the others on answer', async () => {
    sim.model.register('1001');
    sim.model.register('1002');
    sim.model.phone = { ringSeconds: (iface) => (iface === 'PJSIP/1002' ? 1 : 5), talkSeconds: () => 2 };
    const c = await client();
    await c.action([
      ['Action', 'Originate'],
      ['ActionID', 'o1'],
      ['Channel', 'Local/501@from-external'],
      ['Application', 'Wait'],
      ['Data', '60'],
    ]);
    await c.waitFor((m) => get(m, 'Event') === 'AgentConnect', 5000);
    expect(events(c, 'AgentCalled').map((m) => get(m, 'Interface'))).toEqual(['PJSIP/1001', 'PJSIP/1002']);
    expect(events(c, 'DialEnd').map((m) => get(m, 'DialStatus'))).toEqual(['ANSWER', 'CANCEL', 'ANSWER']);
    expect(get(events(c, 'AgentConnect')[0], 'Interface')).toBe('PJSIP/1002');
  });

  it('counts a caller who gives up as abandoned', async () => {
    const c = await client();
    sim.model.originate({
      channel: 'Local/501@from-external',
      application: 'Wait',
      data: '60',
      variables: [],
      patienceSeconds: 2,
    });
    const abandon = await c.waitFor((m) => get(m, 'Event') === 'QueueCallerAbandon', 3000);
    expect(abandon.slice(-4).map(([k]) => k)).toEqual(['Queue', 'Position', 'OriginalPosition', 'HoldTime']);
    expect(sim.groundTruth().queues.find((q) => q.name === 'support')?.abandoned).toBe(1);
    expect(sim.groundTruth().channels).toHaveLength(0);
  });

  it('sends a burst emitted in inOneWrite as one write per client, in order, each by its own mask', async () => {
    const agentOnly = await client('agent');
    const none = await client('off');
    const writes = [...sim.ami.sessions.values()].map((s) => jest.spyOn(s.socket, 'write'));

    sim.ami.inOneWrite(() => {
      sim.model.pauseMember('PJSIP/1001', true, 'Lunch');
      sim.model.pauseMember('PJSIP/1001', false, '');
    });

    expect(writes.map((w) => w.mock.calls.length).sort()).toEqual([0, 1]);
    await agentOnly.action([
      ['Action', 'Ping'],
      ['ActionID', 'sync'],
    ]);
    const pauses = events(agentOnly, 'QueueMemberPause').map((m) => `${get(m, 'Queue')} ${get(m, 'Paused')}`);
    expect(pauses).toEqual(['support 1', 'sales 1', 'support 0', 'sales 0']);
    expect(events(none)).toHaveLength(0);
  });

  it('hangs up and redirects channels on request', async () => {
    const c = await client();
    sim.model.originate({
      channel: 'Local/501@from-external',
      application: 'Wait',
      data: '60',
      variables: [],
    });
    const join = await c.waitFor((m) => get(m, 'Event') === 'QueueCallerJoin');
    const channel = get(join, 'Channel') as string;
    const r = await c.action([
      ['Action', 'Redirect'],
      ['ActionID', 'r1'],
      ['Channel', channel],
      ['Context', 'from-external'],
      ['Exten', '500'],
      ['Priority', '1'],
    ]);
    expect(get(r, 'Message')).toBe('Redirect successful');
    expect(sim.groundTruth().queues.map((q) => [q.name, q.callers.length])).toEqual([
      ['support', 0],
      ['sales', 1],
    ]);
    const h = await c.action([
      ['Action', 'Hangup'],
      ['ActionID', 'h1'],
      ['Channel', channel],
    ]);
    expect(get(h, 'Response')).toBe('Success');
    expect(sim.groundTruth().queues.find((q) => q.name === 'sales')?.abandoned).toBe(1);
    const missing = await c.action([
      ['Action', 'Hangup'],
      ['ActionID', 'h2'],
      ['Channel', 'PJSIP/nobody-00000000'],
    ]);
    expect(get(missing, 'Message')).toBe('No such channel');
  });

  it('originates to a phone and lets a supervisor spy with ChanSpy', async () => {
    sim.model.register('1001');
    sim.model.register('1002');
    sim.model.phone = { ringSeconds: () => 1, talkSeconds: () => 30 };
    const c = await client();
    sim.model.originate({
      channel: 'Local/500@from-external',
      application: 'Wait',
      data: '60',
      variables: [],
    });
    await c.waitFor((m) => get(m, 'Event') === 'AgentConnect');
    const agent = get(events(c, 'AgentConnect')[0], 'Interface') as string;
    const supervisor = agent === 'PJSIP/1001' ? 'PJSIP/1002' : 'PJSIP/1001';
    const r = await c.action([
      ['Action', 'Originate'],
      ['ActionID', 'spy-1'],
      ['Channel', supervisor],
      ['Application', 'ChanSpy'],
      ['Data', `${agent},q`],
      ['Async', 'true'],
    ]);
    expect(get(r, 'Response')).toBe('Success');
    const resp = await c.waitFor(
      (m) => get(m, 'Event') === 'OriginateResponse' && get(m, 'ActionID') === 'spy-1',
    );
    expect(get(resp, 'Response')).toBe('Success');
    const spy = await c.waitFor((m) => get(m, 'Event') === 'ChanSpyStart');
    expect(get(spy, 'SpyerChannel')).toMatch(new RegExp(`^${supervisor}-`));
    expect(get(spy, 'SpyeeChannel')).toMatch(new RegExp(`^${agent}-`));
    const spyer = get(spy, 'SpyerChannel') as string;
    await c.action([
      ['Action', 'Hangup'],
      ['ActionID', 'h1'],
      ['Channel', spyer],
    ]);
    await c.waitFor((m) => get(m, 'Event') === 'ChanSpyStop');
  });

  it('logs every action with its fields, masking the secret', async () => {
    const c = await client();
    await c.action([
      ['Action', 'QueueStatus'],
      ['ActionID', 'qs'],
      ['Queue', 'sales'],
    ]);
    const log = sim.actionLog();
    expect(log.map((e) => e.action)).toEqual(['Login', 'QueueStatus']);
    expect(log[0].fields['Secret']).toBe('********');
    expect(log[1].fields).toEqual({ Action: 'QueueStatus', ActionID: 'qs', Queue: 'sales' });
  });
});
