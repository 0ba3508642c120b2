import type { AmiMessage } from '@cc/ami';
import { applyAmiEvent } from '../domain/live-state.reducer';
import { buildStateFromLists, diffStates, snapshotOf } from '../domain/live-state.rebuild';
import {
  createLiveState,
  type LiveState,
  type LiveStateChange,
  type LiveStateSnapshotData,
} from '../domain/live-state.types';
import type { LiveStateEngine, RebuildLists } from './live-state-ingestor';

/**
 * Holds the one live state of this instance and runs the pure domain functions on it.
 * Versions start from the wall clock so they keep growing across restarts of the process.
 */
export class ReducerLiveStateEngine implements LiveStateEngine<LiveStateChange, LiveStateSnapshotData> {
  private state: LiveState;

  constructor(now: () => number = Date.now) {
    this.state = createLiveState(now() * 1000);
  }

  get rebuildRequired(): boolean {
    return this.state.rebuildRequired;
  }

  get stats(): LiveState['stats'] {
    return this.state.stats;
  }

  apply(event: AmiMessage, now: Date): LiveStateChange[] {
    return applyAmiEvent(this.state, event, now);
  }

  rebuild(lists: RebuildLists, now: Date): LiveStateSnapshotData {
    const stats = this.state.stats;
    this.state = buildStateFromLists(lists, now, this.state.version + 1);
    this.state.stats.applied += stats.applied;
    this.state.stats.ignored += stats.ignored;
    for (const [name, count] of stats.ignoredByEvent) this.state.stats.ignoredByEvent.set(name, count);
    return snapshotOf(this.state);
  }

  reconcile(lists: RebuildLists, now: Date): LiveStateChange[] {
    const fresh = buildStateFromLists(lists, now, this.state.version + 1);
    const { changes } = diffStates(this.state, fresh);
    this.state = fresh;
    return changes;
  }

  snapshot(): LiveStateSnapshotData {
    return snapshotOf(this.state);
  }
}
