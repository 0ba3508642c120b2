import type { AmiActionLogEntry } from '../ami/ami-server';
import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, WireMessage, get } from '../testing/ami-test.client';

// The HTTP hooks a back-end test drives the simulator with, asserted on what an AMI client sees.

describe('simulator HTTP API: endpoint faults, phone pauses, direct and outbound calls', () => {
  let sim: PbxSimulator;
  let ami: AmiTestClient;

  const http = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`http://127.0.0.1:${sim.httpPort}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as unknown };
  };

  const eventAfter = (from: number, pred: (m: WireMessage) => boolean) => ami.waitFor(pred, 5000, from);

  beforeEach(async () => {
    sim = await PbxSimulator.start({ speed: 20, topology: 'lab' });
    sim.model.register('1001');
    sim.model.register('1002');
    ami = await AmiTestClient.connect(sim.amiPort);
    await ami.login();
  });

  afterEach(async () => {
    ami.close();
    await sim.stop();
  });

  it('unregisters an endpoint, keeps it away, and restores it', async () => {
    let from = ami.messages.length;
    expect((await http('POST', '/faults/endpoint', { extension: '1001', mode: 'unregister' })).status).toBe(
      200,
    );
    await eventAfter(
      from,
      (m) => get(m, 'Event') === 'ContactStatus' && get(m, 'ContactStatus') === 'Removed',
    );
    const truth = (await http('GET', '/ground-truth')).json as { contacts: { endpoint: string }[] };
    expect(truth.contacts.map((c) => c.endpoint)).toEqual(['1002']);

    from = ami.messages.length;
    await http('POST', '/faults/endpoint', { extension: '1001', mode: 'restore' });
    const back = await eventAfter(from, (m) => get(m, 'Event') === 'QueueMemberStatus');
    expect([get(back, 'Interface'), get(back, 'Status')]).toEqual(['PJSIP/1001', '1']);
    const log = (await http('GET', '/actions')).json as AmiActionLogEntry[];
    expect(log.filter((a) => a.session === 0).map((a) => [a.action, a.fields['Mode']])).toEqual([
      ['EndpointFault', 'unregister'],
      ['EndpointFault', 'restore'],
    ]);
  });

  it('makes an endpoint unreachable: PeerStatus, ContactStatus and member status 5', async () => {
    const from = ami.messages.length;
    await http('POST', '/faults/endpoint', { extension: '1002', mode: 'unreachable' });
    const member = await eventAfter(from, (m) => get(m, 'Event') === 'QueueMemberStatus');
    const seen = ami.messages.slice(from).map((m) => get(m, 'Event'));
    expect(seen.slice(0, 3)).toEqual(['PeerStatus', 'ContactStatus', 'QueueMemberStatus']);
    expect(get(member, 'Status')).toBe('5');
  });

  it('answers 400 for a bad fault body and 404 for an unknown extension', async () => {
    expect((await http('POST', '/faults/endpoint', { extension: '1001', mode: 'offline' })).status).toBe(400);
    expect((await http('POST', '/faults/endpoint', { extension: '9999', mode: 'unregister' })).status).toBe(
      404,
    );
    expect((await http('POST', '/agents/1001/pause', { paused: 'yes' })).status).toBe(400);
    expect((await http('POST', '/agents/9999/pause', { paused: true })).status).toBe(404);
    expect(
      (await http('POST', '/calls/direct', { extension: '1001', number: '1', direction: 'up' })).status,
    ).toBe(400);
    expect((await http('POST', '/outbound/outcomes', { '+1555': 'maybe' })).status).toBe(400);
  });

  it('pauses an agent from the phone: QueueMemberPause with the reason and no QueuePause action', async () => {
    const from = ami.messages.length;
    const r = await http('POST', '/agents/1001/pause', { paused: true, reason: 'Lunch', queues: ['sales'] });
    expect(r).toEqual({ status: 200, json: { extension: '1001', paused: true, queues: ['sales'] } });
    const pause = await eventAfter(from, (m) => get(m, 'Event') === 'QueueMemberPause');
    expect([get(pause, 'Queue'), get(pause, 'Paused'), get(pause, 'PausedReason')]).toEqual([
      'sales',
      '1',
      'Lunch',
    ]);
    const log = (await http('GET', '/actions')).json as AmiActionLogEntry[];
    expect(log.map((a) => a.action)).toEqual(['Login', 'PhonePause']);
  });

  it('places a direct outbound call from an agent and refuses one to a phone with no contact', async () => {
    const from = ami.messages.length;
    const r = await http('POST', '/calls/direct', {
      extension: '1001',
      number: '+15550001',
      direction: 'outbound',
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ channel: expect.stringMatching(/^PJSIP\/1001-/), outcome: 'answer' });
    await eventAfter(from, (m) => get(m, 'Event') === 'BridgeEnter' && get(m, 'BridgeNumChannels') === '2');
    const conflict = await http('POST', '/calls/direct', {
      extension: '1003',
      number: '+1',
      direction: 'inbound',
    });
    expect(conflict.status).toBe(409);
  });

  it('originates to an external number with a seeded outcome: busy answers OriginateResponse Reason 5', async () => {
    await http('POST', '/outbound/outcomes', { '+15550100': 'busy' });
    expect((await http('GET', '/outbound/outcomes')).json).toEqual({ '+15550100': 'busy' });
    const from = ami.messages.length;
    const queued = await ami.action([
      ['Action', 'Originate'],
      ['ActionID', 'out-1'],
      ['Channel', 'PJSIP/+15550100@trunk'],
      ['Context', 'from-external'],
      ['Exten', '500'],
      ['Priority', '1'],
      ['Async', 'true'],
    ]);
    expect(get(queued, 'Message')).toBe('Originate successfully queued');
    const response = await eventAfter(from, (m) => get(m, 'Event') === 'OriginateResponse');
    expect(['Response', 'Channel', 'Reason'].map((h) => get(response, h))).toEqual([
      'Failure',
      'PJSIP/+15550100@trunk',
      '5',
    ]);
    const hangup = ami.messages.slice(from).find((m) => get(m, 'Event') === 'Hangup') as WireMessage;
    expect([get(hangup, 'Cause'), get(hangup, 'Cause-txt')]).toEqual(['17', 'User busy']);
  });
});
