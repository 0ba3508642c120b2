import { PbxSimulator, generatedTopology, serializeAmiFields } from '@cc/pbx-sim';
import { parseAmiTranscript } from '@cc/ami';
import { memberStatusEvent, simMembers } from './support/member-status.events';
import { applyAmiEvents } from '../apps/back/src/live-status/domain/live-status.reducer';
import { createLiveState } from '../apps/back/src/live-status/domain/live-status.types';
import { LiveStatusWriteBuffer } from '../apps/back/src/live-status/writes/live-status-write.buffer';
import type { LiveStatusChange } from '@cc/contracts';
(async () => {
  const sim = await PbxSimulator.start({ amiUser: 'a', amiSecret: 'b', httpPort: null, topology: generatedTopology(1000, 20) });
  const m = simMembers(sim);
  const text = [...m.map((x) => memberStatusEvent(sim, x, true, 'Break')), ...m.map((x) => memberStatusEvent(sim, x, false, ''))].map(serializeAmiFields).join('');
  const frames = parseAmiTranscript(text.repeat(4), { expectBanner: false }).flatMap((i) => (i.kind === 'message' ? [i.message as Record<string,string>] : []));
  await sim.stop();
  const state = createLiveState();
  const withWriter = process.argv[2] === 'w';
  const buf = new LiveStatusWriteBuffer(1e9);
  const probe = new Map<string, number>();
  for (let round = 0; round < 8; round++) {
    const t0 = process.cpuUsage();
    let n = 0;
    for (let rep = 0; rep < 40; rep++) {
      for (let i = 0; i < frames.length; i += 200) {
        const into: LiveStatusChange[] = [];
        applyAmiEvents(state, frames, i, Math.min(frames.length, i + 200), new Date(), into, () => undefined);
        if (process.argv[2] === 'g') { for (const c of into) probe.get(c.id); }
        if (withWriter) { for (const c of into) buf.offer(c); if (buf.size > 3000) buf.take(1e9); }
        n += Math.min(frames.length, i + 200) - i;
      }
    }
    const c = process.cpuUsage(t0);
    console.log(`round ${round}: ${(((c.user + c.system) * 1000) / n).toFixed(0)} ns/event`);
  }
})();
