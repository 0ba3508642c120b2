import type {
  LiveStatusFrame,
  LiveStatusListAnswer,
  LiveStatusLists,
  LiveStatusListSource,
} from '../domain/live-status.input';
import { type LiveStateEngine, LiveStatusIngestor } from './live-status.ingestor';

type Change = string;
type Snapshot = string[];

/** Records which events reach the state, in order; the state is just that list. */
class RecordingEngine implements LiveStateEngine<Change, Snapshot> {
  applied: string[] = [];
  rebuiltFrom: LiveStatusLists | null = null;
  rebuildRequired = false;
  queueFixes: Change[] = [];
  seenAtReconcile: string[] = [];

  apply(events: readonly LiveStatusFrame[], from: number, to: number, _now: Date, into: Change[]): void {
    for (const event of events.slice(from, to)) {
      this.applied.push(event['Event']);
      into.push(event['Event']);
    }
  }
  rebuild(lists: LiveStatusLists): Snapshot {
    this.rebuiltFrom = lists;
    this.applied = [];
    return lists.queueStatus.map((item) => item['Event']);
  }
  reconcile(): Change[] {
    this.seenAtReconcile = [...this.applied];
    return this.queueFixes;
  }
}

/** A list source whose answers the test releases by hand, like a PBX that takes its time. */
class ManualLink implements LiveStatusListSource {
  readonly calls: Array<{
    action: string;
    respond: (items?: LiveStatusFrame[]) => void;
    fail: (message: string) => void;
    onResponse?: () => void;
    resolve: (answer: LiveStatusListAnswer) => void;
  }> = [];

  list(
    action: string,
    options: { timeoutMs: number; onResponse?: () => void },
  ): Promise<LiveStatusListAnswer> {
    return new Promise((resolve) => {
      this.calls.push({
        action,
        onResponse: options.onResponse,
        resolve,
        respond: (items = []) => {
          options.onResponse?.();
          resolve({ ok: true, items });
        },
        fail: (message) => {
          options.onResponse?.();
          resolve({ ok: false, message });
        },
      });
    });
  }

  call(action: string) {
    const found = this.calls.find((c) => c.action === action);
    if (!found) throw new Error(`no ${action} sent`);
    return found;
  }
}

const ev = (name: string): LiveStatusFrame => ({ Event: name });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const engine = new RecordingEngine();
  const written: Change[][] = [];
  const replaced: Snapshot[] = [];
  const failedLists: string[][] = [];
  const ingestor = new LiveStatusIngestor<Change, Snapshot>(
    engine,
    { write: (c) => written.push(c), replaceAll: async (s) => void replaced.push(s) },
    { rebuilt: (_snapshot, _ms, failed) => void failedLists.push([...failed]) },
    { chunkSize: 2, maxBuffered: 100, listTimeoutMs: 1000 },
  );
  return { engine, written, replaced, failedLists, ingestor, link: new ManualLink() };
}

describe('LiveStatusIngestor', () => {
  it('ignores events until the first rebuild starts', async () => {
    const { engine, ingestor } = setup();
    ingestor.push(ev('QueueMemberStatus'));
    await tick();
    expect(engine.applied).toEqual([]);
  });

  it('drops events that precede the QueueStatus answer and applies every later one after the rebuild', async () => {
    const { engine, ingestor, link, replaced } = setup();
    const done = ingestor.rebuild(link);
    ingestor.push(ev('BeforeCut1'));
    ingestor.push(ev('BeforeCut2'));
    link.call('QueueStatus').respond([{ Event: 'QueueMember' }]);
    ingestor.push(ev('AfterCut1'));
    for (const name of ['QueueSummary', 'CoreShowChannels', 'DeviceStateList', 'PJSIPShowContacts']) {
      link.call(name).respond();
    }
    ingestor.push(ev('AfterCut2'));
    expect(engine.applied).toEqual([]); // nothing applied while rebuilding
    await expect(done).resolves.toBe(true);
    ingestor.push(ev('Live'));
    await tick();
    await tick();
    expect(replaced).toEqual([['QueueMember']]);
    expect(engine.rebuiltFrom?.queueStatus).toEqual([{ Event: 'QueueMember' }]);
    expect(engine.applied).toEqual(['AfterCut1', 'AfterCut2', 'Live']);
  });

  it('processes in chunks, yielding between them', async () => {
    const { engine, ingestor, link } = setup();
    const done = ingestor.rebuild(link);
    link.calls.forEach((c) => c.respond());
    await done;
    ['A', 'B', 'C', 'D', 'E'].forEach((n) => ingestor.push(ev(n)));
    expect(engine.applied).toEqual([]);
    await tick();
    expect(engine.applied).toEqual(['A', 'B']);
    await tick();
    await tick();
    expect(engine.applied).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('drains each read as soon as it is parsed, so a backlog shrinks with every read', async () => {
    const { engine, ingestor, link, written } = setup();
    const done = ingestor.rebuild(link);
    link.calls.forEach((c) => c.respond());
    await done;
    // One read (one socket callback) delivers three events; the microtask after it takes a chunk.
    ['A', 'B', 'C'].forEach((n) => ingestor.push(ev(n)));
    await Promise.resolve();
    expect(engine.applied).toEqual(['A', 'B']);
    // The next read in the same loop turn, before the chunk left over is due: drained with it.
    ['D', 'E'].forEach((n) => ingestor.push(ev(n)));
    await Promise.resolve();
    expect(engine.applied).toEqual(['A', 'B', 'C', 'D']);
    await tick();
    expect(engine.applied).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(written.flat()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('a newer rebuild supersedes one still running, and suspend discards buffered events', async () => {
    const { engine, ingestor, link } = setup();
    const first = ingestor.rebuild(link);
    const secondLink = new ManualLink();
    const second = ingestor.rebuild(secondLink);
    link.calls.forEach((c) => c.respond());
    secondLink.calls.forEach((c) => c.respond());
    await expect(first).resolves.toBe(false);
    await expect(second).resolves.toBe(true);
    ingestor.suspend();
    ingestor.push(ev('AfterSuspend'));
    await tick();
    expect(engine.applied).toEqual([]);
  });

  it('reconciles against the state exactly as it was where Asterisk answered', async () => {
    const { engine, ingestor, link, written } = setup();
    const done = ingestor.rebuild(link);
    link.calls.forEach((c) => c.respond());
    await done;
    engine.queueFixes = ['fix-1'];
    const reconciled = ingestor.reconcile(link);
    ingestor.push(ev('BeforeAnswer'));
    const qs = link.calls.filter((c) => c.action === 'QueueStatus')[1];
    qs.onResponse?.();
    ingestor.push(ev('AfterAnswer1'));
    ingestor.push(ev('AfterAnswer2'));
    qs.resolve({ ok: true, items: [] });
    for (const name of ['QueueSummary', 'CoreShowChannels', 'DeviceStateList', 'PJSIPShowContacts']) {
      link.calls.filter((c) => c.action === name)[1]?.respond();
    }
    await tick();
    await reconciled;
    await tick();
    await tick();
    expect(engine.seenAtReconcile).toEqual(['BeforeAnswer']);
    expect(engine.applied).toEqual(['BeforeAnswer', 'AfterAnswer1', 'AfterAnswer2']);
    expect(written.flat()).toContain('fix-1');
  });

  it('rebuilds from the lists that answered when another list fails, and says which failed', async () => {
    const { engine, ingestor, link, replaced, failedLists } = setup();
    const done = ingestor.rebuild(link);
    link.call('QueueStatus').respond([{ Event: 'QueueMember' }]);
    link.call('PJSIPShowContacts').fail('Permission denied');
    for (const name of ['QueueSummary', 'CoreShowChannels', 'DeviceStateList']) link.call(name).respond();
    await expect(done).resolves.toBe(true);
    expect(replaced).toEqual([['QueueMember']]);
    expect(engine.rebuiltFrom?.pjsipShowContacts).toEqual([]);
    expect(failedLists).toEqual([['PJSIPShowContacts']]);
    ingestor.push(ev('Live'));
    await tick();
    expect(engine.applied).toEqual(['Live']);
  });

  it('does not rebuild without QueueStatus, which carries the queues and the cut', async () => {
    const { ingestor, link, replaced } = setup();
    const done = ingestor.rebuild(link);
    link.call('QueueStatus').fail('Permission denied');
    link.calls.filter((c) => c.action !== 'QueueStatus').forEach((c) => c.respond());
    await expect(done).rejects.toThrow(/QueueStatus failed: Permission denied/);
    expect(replaced).toEqual([]);
  });
});
