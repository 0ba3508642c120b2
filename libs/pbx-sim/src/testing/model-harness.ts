import { AmiFields } from '../ami/ami-wire';
import { ManualClock } from '../clock/manual-clock';
import { PbxModel } from '../model/pbx-model';
import { LAB_TOPOLOGY, SimTopology } from '../model/pbx-topology';
import { WireMessage, get } from './ami-test.client';

/** One event as a line: name, then the fields that say what happened to what. */
export const storyLine = (m: WireMessage | AmiFields): string => {
  const f = m as WireMessage;
  return [
    get(f, 'Event'),
    get(f, 'ContactStatus') ?? get(f, 'PeerStatus') ?? get(f, 'Status') ?? get(f, 'State') ?? '',
    get(f, 'AOR') ?? get(f, 'Peer') ?? get(f, 'Interface') ?? get(f, 'Device') ?? get(f, 'AccountID') ?? '',
    get(f, 'Queue') ?? '',
  ]
    .filter((part) => part !== '')
    .join(' ');
};

/** A PbxModel on a ManualClock with every event it emits recorded. */
export const modelHarness = (topology: SimTopology = LAB_TOPOLOGY) => {
  const clock = new ManualClock();
  const model = new PbxModel(topology, clock);
  model.phone = { ringSeconds: () => 2, talkSeconds: () => 6 };
  const events: AmiFields[] = [];
  model.onEvent((e) => events.push(e));
  return {
    model,
    clock,
    events,
    /** Events emitted by `fn` (and the microtasks it queued). */
    async during(fn: () => unknown): Promise<AmiFields[]> {
      const from = events.length;
      await fn();
      await Promise.resolve();
      return events.slice(from);
    },
  };
};

export const eventNames = (events: AmiFields[]): string[] => events.map((e) => e[0][1]);

export const field = (e: AmiFields, name: string): string | undefined => e.find(([k]) => k === name)?.[1];
