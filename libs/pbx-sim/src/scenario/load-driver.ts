import { PbxModel } from '../model/pbx-model';
import { Prng } from './prng';

const PAUSE_REASONS = ['Lunch', 'Coffee', 'Training', 'Meeting', 'Personal', 'Technical issue'];
/** Share of changes that are a network loss or its recovery rather than a pause toggle. */
const NETWORK_SHARE = 0.1;

/**
 * A steady stream of member and agent changes at `perSecond` per simulated second, for dashboards under
 * load: mostly pause/unpause toggles with a reason (on all the agent's queues or one), and some network
 * losses and recoveries (member status 5 and back). The number of changes made is a function of the
 * simulated time only, so a run is the same at any speed and on any machine.
 */
export class LoadDriver {
  private startedAt: number | undefined;
  private made = 0;
  private readonly lost = new Set<string>();

  constructor(
    private readonly model: PbxModel,
    private readonly rng: Prng,
    private readonly perSecond: number,
  ) {
    if (!(perSecond >= 0)) throw new Error(`changesPerSecond must be >= 0, got ${perSecond}`);
  }

  get changesMade(): number {
    return this.made;
  }

  /** Makes the changes due by now (simulated epoch ms); returns how many it made. */
  tick(nowMs: number): number {
    this.startedAt ??= nowMs;
    const due = Math.floor(((nowMs - this.startedAt) / 1000) * this.perSecond);
    let n = 0;
    while (this.made < due) {
      this.change();
      this.made++;
      n++;
    }
    return n;
  }

  private change(): void {
    if (this.rng.next() < NETWORK_SHARE) return this.networkFlip();
    const queues = [...this.model.queues.values()];
    const q = this.rng.pick(queues);
    if (q.members.length === 0) return;
    const m = this.rng.pick(q.members);
    const paused = !m.paused;
    const reason = paused ? this.rng.pick(PAUSE_REASONS) : '';
    // half the toggles on the one queue, half on every queue of the agent (QueuePause without Queue)
    this.model.pauseMember(m.interface, paused, reason, this.rng.next() < 0.5 ? q.config.name : undefined);
  }

  private networkFlip(): void {
    if (this.lost.size > 0 && this.rng.next() < 0.5) {
      const endpoint = this.rng.pick([...this.lost]);
      this.lost.delete(endpoint);
      this.model.qualifyAnswered(endpoint, this.rng.int(300, 1500));
      return;
    }
    const reachable = [...this.model.contacts.values()].filter((c) => c.status === 'Reachable' && !c.ws);
    if (reachable.length === 0) return;
    const c = this.rng.pick(reachable);
    this.lost.add(c.endpoint);
    this.model.qualifyFailed(c.endpoint);
  }
}
