import type { LiveStatusLists } from '../domain/live-status.input';
import type { LiveStatusChange } from '@cc/contracts';
import { applyAmiEvents } from '../domain/live-status.reducer';
import { buildStateFromLists, diffStates, snapshotOf } from '../domain/live-status.rebuild';
import { createLiveState, type LiveState, type LiveStatusContent } from '../domain/live-status.types';
import type { LiveStateEngine } from './live-status.ingestor';

/**
 * Holds the one live state of this instance and runs the pure domain functions on it.
 * Versions start from the wall clock so they keep growing across restarts of the process.
 */
export class ReducerLiveStateEngine implements LiveStateEngine<LiveStatusChange, LiveStatusContent> {
  private state: LiveState;

  constructor(now: () => number = Date.now) {
    this.state = createLiveState(now() * 1000);
  }

  get rebuildRequired(): boolean {
    return this.state.rebuildRequired;
  }

  /** The last change version handed out (a rebuild's version is the one its whole state includes). */
  get version(): number {
    return this.state.version;
  }

  get stats(): LiveState['stats'] {
    return this.state.stats;
  }

  /** One run of events at a time: see applyAmiEvents. */
  readonly apply: LiveStateEngine<LiveStatusChange, LiveStatusContent>['apply'] = (...run) =>
    applyAmiEvents(this.state, ...run);

  rebuild(lists: LiveStatusLists, now: Date): LiveStatusContent {
    const stats = this.state.stats;
    this.state = buildStateFromLists(lists, now, this.state.version + 1);
    this.state.stats.applied += stats.applied;
    this.state.stats.ignored += stats.ignored;
    for (const [name, count] of stats.ignoredByEvent) this.state.stats.ignoredByEvent.set(name, count);
    return snapshotOf(this.state);
  }

  reconcile(lists: LiveStatusLists, now: Date): LiveStatusChange[] {
    const fresh = buildStateFromLists(lists, now, this.state.version + 1);
    const { changes } = diffStates(this.state, fresh);
    this.state = fresh;
    return changes;
  }

  snapshot(): LiveStatusContent {
    return snapshotOf(this.state);
  }
}
