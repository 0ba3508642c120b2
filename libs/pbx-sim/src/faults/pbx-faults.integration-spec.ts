import { request } from 'node:http';
import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient, get } from '../testing/ami-test.client';

const post = (port: number, path: string, body: unknown): Promise<{ status: number; json: unknown }> =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (raw += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(raw) as unknown }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });

const getJson = (port: number, path: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (raw += c));
      res.on('end', () => resolve(JSON.parse(raw) as unknown));
    })
      .on('error', reject)
      .end();
  });

describe('fault injection', () => {
  let sim: PbxSimulator;
  const clients: AmiTestClient[] = [];

  const client = async (): Promise<AmiTestClient> => {
    const c = await AmiTestClient.connect(sim.amiPort);
    clients.push(c);
    await c.login();
    return c;
  };

  beforeEach(async () => {
    sim = await PbxSimulator.start({ speed: 20, topology: 'lab' });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.stop();
  });

  it('drops a socket abruptly with a TCP reset', async () => {
    const c = await client();
    const error = new Promise<string>((resolve) =>
      c.socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')),
    );
    expect(sim.faults.dropAmi('reset')).toBe(1);
    expect(await error).toBe('ECONNRESET');
  });

  it('closes a socket cleanly', async () => {
    const c = await client();
    let errored = false;
    c.socket.on('error', () => (errored = true));
    sim.faults.dropAmi('end');
    await c.waitClosed();
    expect(errored).toBe(false);
  });

  it('stalls a socket and delivers what was queued afterwards', async () => {
    const c = await client();
    sim.faults.stallAmi(0.4);
    const started = Date.now();
    const r = await c.action([
      ['Action', 'Ping'],
      ['ActionID', 'p'],
    ]);
    expect(get(r, 'Ping')).toBe('Pong');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('refuses logins for a while, then accepts them', async () => {
    sim.faults.refuseLogins(0.3);
    const c = await AmiTestClient.connect(sim.amiPort);
    clients.push(c);
    const r = await c.action([
      ['Action', 'Login'],
      ['ActionID', 'l'],
      ['Username', 'admin'],
      ['Secret', 'admin'],
    ]);
    expect(get(r, 'Message')).toBe('Authentication failed');
    await c.waitClosed();
    await new Promise((res) => setTimeout(res, 350));
    const ok = await client();
    expect(ok.messages.some((m) => get(m, 'Message') === 'Authentication accepted')).toBe(true);
  });

  it('makes an action fail or never answer, by name and count', async () => {
    const c = await client();
    sim.faults.failAction('QueueStatus', 'error', 1);
    const failed = await c.action([
      ['Action', 'QueueStatus'],
      ['ActionID', 'q1'],
    ]);
    expect([get(failed, 'Response'), get(failed, 'Message')]).toEqual(['Error', 'Simulated failure']);
    const ok = await c.action([
      ['Action', 'QueueStatus'],
      ['ActionID', 'q2'],
    ]);
    expect(get(ok, 'Response')).toBe('Success');

    sim.faults.failAction('queuepause', 'timeout');
    await expect(
      c.action(
        [
          ['Action', 'QueuePause'],
          ['ActionID', 'never'],
          ['Interface', 'PJSIP/1001'],
          ['Paused', 'true'],
        ],
        500,
      ),
    ).rejects.toThrow(/timeout/);
    expect(sim.groundTruth().queues[0].members[0].paused).toBe(false);
  });

  it('restarts the PBX: Shutdown, sockets closed, fresh state for new logins', async () => {
    sim.model.register('1001');
    sim.model.pauseMember('PJSIP/1001', true, 'Lunch');
    sim.model.addMember('sales', 'PJSIP/1004', { name: 'Agent 1004' });
    sim.model.originate({
      channel: 'Local/501@from-external',
      application: 'Wait',
      data: '60',
      variables: [],
      patienceSeconds: 1,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.groundTruth().queues.find((q) => q.name === 'support')?.abandoned).toBe(1);
    const c = await client();

    sim.faults.restart({ downSeconds: 0.3 });
    await c.waitClosed();
    const shutdown = c.messages.find((m) => get(m, 'Event') === 'Shutdown');
    expect(shutdown).toEqual([
      ['Event', 'Shutdown'],
      ['Privilege', 'system,all'],
      ['Shutdown', 'Cleanly'],
      ['Restart', 'True'],
    ]);
    const during = await AmiTestClient.connect(sim.amiPort);
    clients.push(during);
    await during.waitClosed();
    expect(during.raw).toBe('');

    await new Promise((r) => setTimeout(r, 350));
    const after = await client();
    const booted = after.messages.find((m) => get(m, 'Event') === 'FullyBooted');
    expect(Number(get(booted ?? [], 'Uptime'))).toBeLessThan(30);
    const truth = sim.groundTruth();
    expect(truth.queues.find((q) => q.name === 'support')?.abandoned).toBe(0);
    expect(truth.queues.find((q) => q.name === 'sales')?.members.map((m) => m.interface)).toEqual([
      'PJSIP/1001',
      'PJSIP/1002',
      'PJSIP/1003',
    ]);
    expect(truth.queues.flatMap((q) => q.members).some((m) => m.paused)).toBe(false);
    // registrations survive in astdb: 1001 is still reachable and available
    expect(truth.queues[0].members[0].status).toEqual({ code: 1, name: 'NOT_INUSE' });
  });

  it('takes faults over HTTP and serves ground truth and the action log', async () => {
    const c = await client();
    const r = await post(sim.httpPort, '/faults/action', { action: 'Ping', mode: 'error', count: 1 });
    expect(r.status).toBe(200);
    const failed = await c.action([
      ['Action', 'Ping'],
      ['ActionID', 'p'],
    ]);
    expect(get(failed, 'Response')).toBe('Error');
    const bad = await post(sim.httpPort, '/faults/stall', { seconds: 'x' });
    expect(bad.status).toBe(400);
    const actions = (await getJson(sim.httpPort, '/actions')) as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(['Login', 'Ping']);
    const truth = (await getJson(sim.httpPort, '/ground-truth')) as { queues: { name: string }[] };
    expect(truth.queues.map((q) => q.name)).toEqual(['support', 'sales']);
    const drop = await post(sim.httpPort, '/faults/drop', { mode: 'end' });
    expect(drop.json).toEqual({ dropped: 1 });
    await c.waitClosed();
  });
});
