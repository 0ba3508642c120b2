// Flood throughput of the PBX simulator's AMI server, next to a raw-socket baseline measured in the same run.
// Run: npx tsx --tsconfig tsconfig.base.json bench/pbx-flood.bench.ts [--seconds 5]
import { AddressInfo, Socket, connect, createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { PbxSimulator } from '@cc/pbx-sim';

const SAMPLE_EVENT =
  'Event: QueueMemberStatus\r\nPrivilege: agent,all\r\nQueue: sales\r\nMemberName: Agent 1001\r\nInterface: PJSIP/1001\r\n' +
  'StateInterface: PJSIP/1001\r\nMembership: static\r\nPenalty: 0\r\nCallsTaken: 0\r\nLastCall: 0\r\nLastPause: 0\r\n' +
  'LoginTime: 1795381585\r\nInCall: 0\r\nStatus: 1\r\nPaused: 0\r\nPausedReason: \r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n';

const SEP = Buffer.from('\r\n\r\n');

/** Counts AMI messages (blank-line terminated) arriving on a socket, including separators split across chunks. */
const countMessages = (socket: Socket): { count: () => number; bytes: () => number } => {
  let count = 0;
  let bytes = 0;
  let tail: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
    let i = buf.indexOf(SEP);
    let last = -1;
    while (i >= 0) {
      count++;
      last = i;
      i = buf.indexOf(SEP, i + 4);
    }
    tail = buf.subarray(Math.max(last + 4, buf.length - 3));
  });
  return { count: () => count, bytes: () => bytes };
};

const measure = async (
  socket: Socket,
  seconds: number,
  warmupMs = 300,
): Promise<{ eventsPerSecond: number; mbPerSecond: number }> => {
  const counter = countMessages(socket);
  await new Promise((r) => setTimeout(r, warmupMs));
  const c0 = counter.count();
  const b0 = counter.bytes();
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  return { eventsPerSecond: (counter.count() - c0) / dt, mbPerSecond: (counter.bytes() - b0) / dt / 1e6 };
};

const baseline = async (seconds: number): Promise<{ eventsPerSecond: number; mbPerSecond: number }> => {
  const batch = SAMPLE_EVENT.repeat(2000);
  let stop = false;
  const server = createServer((s) => {
    const pump = () => {
      while (!stop && s.write(batch));
      if (!stop) s.once('drain', pump);
    };
    pump();
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  const result = await measure(client, seconds);
  stop = true;
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return result;
};

const simulator = async (seconds: number): Promise<{ eventsPerSecond: number; mbPerSecond: number }> => {
  const sim = await PbxSimulator.start({
    scenario: 'flood',
    httpPort: null,
    amiUser: 'bench',
    amiSecret: 'bench',
  });
  const client = connect(sim.amiPort, '127.0.0.1');
  await new Promise<void>((r) => client.once('connect', () => r()));
  client.write('Action: Login\r\nUsername: bench\r\nSecret: bench\r\nEvents: on\r\n\r\n');
  const result = await measure(client, seconds);
  client.destroy();
  await sim.stop();
  return result;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' } } });
  const seconds = Number(values.seconds);
  const fmt = (r: { eventsPerSecond: number; mbPerSecond: number }) =>
    `${Math.round(r.eventsPerSecond).toLocaleString('en-US')} events/s (${r.mbPerSecond.toFixed(1)} MB/s)`;
  const raw = await baseline(seconds);
  const sim = await simulator(seconds);
  process.stdout.write(`raw socket baseline : ${fmt(raw)}\n`);
  process.stdout.write(`pbx-sim flood       : ${fmt(sim)}\n`);
  process.stdout.write(
    `ratio               : ${((100 * sim.eventsPerSecond) / raw.eventsPerSecond).toFixed(1)} % of baseline\n`,
  );
};

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
