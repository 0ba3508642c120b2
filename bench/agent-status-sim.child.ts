// The PBX simulator of bench/agent-status.bench.ts in its own process, as Asterisk is in production:
// the QueuePause traffic it answers and the events it emits do not take CPU from the back end measured.
// Commands over IPC: `log` (the action log from an index), `qualifyFailed` (a phone loses its network).
import { PbxSimulator, generatedTopology } from '@cc/pbx-sim';
import { SIM_CREDENTIALS } from './support/pbx-sim.process';

export type AgentSimCommand =
  { cmd: 'log'; from: number } | { cmd: 'qualifyFailed'; extensions: string[] } | { cmd: 'stop' };

async function main(): Promise<void> {
  const agents = Number(process.argv[2] ?? '20');
  const sim = await PbxSimulator.start({
    amiUser: SIM_CREDENTIALS.username,
    amiSecret: SIM_CREDENTIALS.secret,
    httpPort: null,
    topology: generatedTopology(agents, 2),
  });
  for (let i = 0; i < agents; i++) sim.model.register(String(1001 + i));
  process.on('message', (message: AgentSimCommand) => {
    if (message.cmd === 'log') process.send?.({ log: sim.actionLog().slice(message.from) });
    else if (message.cmd === 'qualifyFailed') {
      for (const ext of message.extensions) sim.model.qualifyFailed(ext);
      process.send?.({ at: Date.now() });
    } else void sim.stop().then(() => process.exit(0));
  });
  process.send?.({ amiPort: sim.amiPort });
}

void main();
