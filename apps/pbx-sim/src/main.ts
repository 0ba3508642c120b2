import { parseArgs } from 'node:util';
import { AmiReplayServer, PbxSimulator, ScenarioOptions } from '@cc/pbx-sim';

// CLI: the PBX simulator (AMI on TCP, SIP over WebSocket, ground truth over HTTP) or a transcript replay.
// Status lines go to stderr: stdout stays free for tools that pipe the simulator.

const HELP = `Usage: npm run sim -- [options]
  --scenario demo|flood|load|idle   (default demo)
  --ami-port N        AMI TCP port (5038)
  --sip-ws-port N     SIP over WebSocket port, path /ws (8088); 0 = ephemeral; --no-sip disables
  --http-port N       ground truth / faults HTTP port (8089)
  --sip-password T    SIP digest password template, {ext} = endpoint (env SIP_PASSWORD, else CHANGE_ME_{ext} as asterisk/pjsip.conf)
  --host H            bind address (127.0.0.1)
  --ami-user U        (env AMI_USER, else admin)
  --ami-secret S      (env AMI_SECRET, else admin)
  --seed N            PRNG seed (1)
  --speed N           simulated seconds per real second (1)
  --calls N --queues N --agents N --restart-at-call N --call-interval S   (load scenario)
  --changes-per-second N   member/agent changes per simulated second (load scenario; 0 = none)
  --replay file.ami [--replay other.ami] [--speed N]   serve recorded transcripts instead
`;

const num = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    console.error(`--${name} must be a number, got ${v}`);
    process.exit(2);
  }
  return n;
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'demo' },
      'ami-port': { type: 'string' },
      'sip-ws-port': { type: 'string' },
      'no-sip': { type: 'boolean', default: false },
      'http-port': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'sip-password': { type: 'string' },
      'ami-user': { type: 'string' },
      'ami-secret': { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      calls: { type: 'string' },
      queues: { type: 'string' },
      agents: { type: 'string' },
      'restart-at-call': { type: 'string' },
      'call-interval': { type: 'string' },
      'changes-per-second': { type: 'string' },
      replay: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.error(HELP);
    return;
  }
  const amiPort = num(values['ami-port'], 5038, 'ami-port');
  const speed = num(values.speed, 1, 'speed');

  if (values.replay && values.replay.length > 0) {
    const replay = new AmiReplayServer();
    const port = await replay.start({ port: amiPort, host: values.host, files: values.replay, speed });
    console.error(`[pbx-sim] replaying ${values.replay.join(', ')} on AMI ${values.host}:${port}`);
    const stop = () => void replay.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }

  let amiUser = values['ami-user'] ?? process.env['AMI_USER'];
  let amiSecret = values['ami-secret'] ?? process.env['AMI_SECRET'];
  if (!amiUser || !amiSecret) {
    console.warn(
      '[pbx-sim] AMI credentials not given (--ami-user/--ami-secret or AMI_USER/AMI_SECRET): using admin/admin',
    );
    amiUser ??= 'admin';
    amiSecret ??= 'admin';
  }
  const name = values.scenario;
  let scenario: ScenarioOptions;
  if (name === 'load') {
    const restartAt = values['restart-at-call'];
    scenario = {
      name: 'load',
      calls: num(values.calls, 500, 'calls'),
      queues: num(values.queues, 3, 'queues'),
      agents: num(values.agents, 20, 'agents'),
      restartAtCall: restartAt === undefined ? null : num(restartAt, 0, 'restart-at-call'),
      callIntervalSeconds: num(values['call-interval'], 2, 'call-interval'),
      changesPerSecond: num(values['changes-per-second'], 0, 'changes-per-second'),
    };
  } else if (name === 'demo' || name === 'flood' || name === 'idle') {
    scenario = { name };
  } else {
    console.error(`unknown scenario ${name}\n${HELP}`);
    process.exit(2);
  }
  const sim = await PbxSimulator.start({
    amiPort,
    httpPort: num(values['http-port'], 8089, 'http-port'),
    sipWsPort: values['no-sip'] ? undefined : num(values['sip-ws-port'], 8088, 'sip-ws-port'),
    host: values.host,
    amiUser,
    amiSecret,
    scenario,
    seed: num(values.seed, 1, 'seed'),
    speed,
    sipPassword: (ext) =>
      (values['sip-password'] ?? process.env['SIP_PASSWORD'] ?? 'CHANGE_ME_{ext}').replaceAll('{ext}', ext),
  });
  console.error(
    `[pbx-sim] scenario ${name}: AMI ${values.host}:${sim.amiPort}, HTTP http://${values.host}:${sim.httpPort}/ground-truth` +
      (sim.sipWsPort ? `, SIP ws://${values.host}:${sim.sipWsPort}/ws` : ', SIP off'),
  );
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((e: unknown) => {
  console.error('[pbx-sim] failed to start', e);
  process.exit(1);
});
