// The PBX simulator in its own process, so the flood it generates does not take CPU from the ingestion
// being measured (Asterisk is another process in production, too). Started by pbx-sim.process.ts.
//   flood: the simulator's own `flood` scenario (the lab's members, the same few events over and over)
//   churn: every event pauses or unpauses a member of a larger site, so each one changes the live state
import { PbxSimulator, generatedTopology, type AmiFields, type SimMember } from '@cc/pbx-sim';
import { memberStatusEvent, simMembers } from './member-status.events';

export type SimChildMode = 'flood' | 'churn';

export interface SimChildReady {
  amiPort: number;
  members: number;
}

const BACKPRESSURE_BYTES = 1024 * 1024;
const BATCH = 2000;

function churn(sim: PbxSimulator): { stop: () => void } {
  const members = simMembers(sim);
  // First pass pauses everyone, second unpauses: every event differs from the member's current state.
  // Each event is applied to the member in the model as it is sent, so the simulator's own QueueStatus
  // stays the ground truth the bench checks the live state against at the end.
  const churned: Array<{ member: SimMember; paused: boolean; reason: string; fields: AmiFields }> = [
    ...members.map((member) => ({ member, paused: true, reason: 'Break' })),
    ...members.map((member) => ({ member, paused: false, reason: '' })),
  ].map((c) => ({ ...c, fields: memberStatusEvent(sim, c.member, c.paused, c.reason) }));
  let i = 0;
  const stop = sim.ami.pumpBursts(() => {
    for (let n = 0; n < BATCH; n++) {
      const next = churned[i++ % churned.length];
      next.member.paused = next.paused;
      next.member.pausedReason = next.reason;
      sim.model.emit(next.fields);
    }
  }, BACKPRESSURE_BYTES);
  return { stop };
}

async function main(): Promise<void> {
  const mode = process.argv[2] as SimChildMode;
  const credentials = { amiUser: 'bench', amiSecret: 'bench', httpPort: null };
  const sim =
    mode === 'flood'
      ? await PbxSimulator.start({ ...credentials, scenario: { name: 'flood' } })
      : await PbxSimulator.start({ ...credentials, topology: generatedTopology(1000, 20) });
  // One phone registered, as on any working site: with none, PJSIPShowContacts answers an Error (as
  // Asterisk does), and what a rebuild makes of that is not what these benches measure.
  const phone = sim.model.topology.endpoints[0];
  if (phone) sim.model.register(phone.name);
  const pump = mode === 'churn' ? churn(sim) : null;
  const shutdown = (): void => {
    pump?.stop();
    void sim.stop().finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'stop') shutdown();
    // Stops generating but keeps serving AMI, so the bench can compare the live state with QueueStatus.
    if (message === 'halt') {
      pump?.stop();
      process.send?.('halted');
    }
  });
  // The parent died or closed the channel: never outlive it.
  process.on('disconnect', shutdown);
  const ready: SimChildReady = { amiPort: sim.amiPort, members: simMembers(sim).length };
  process.send?.(ready);
}

main().catch((error: unknown) => {
  console.error('pbx-sim child failed:', error);
  process.exit(1);
});
