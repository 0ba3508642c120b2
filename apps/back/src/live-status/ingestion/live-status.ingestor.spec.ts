import type { AmiActionResult, AmiMessage, AmiOutgoingFields } from '@cc/ami';
import {
  type AmiActionLink,
  type LiveStateEngine,
  LiveStatusIngestor,
  type RebuildLists,
} from './live-status.ingestor';

type Change = string;
type Snapshot = string[];

/** Records which events reach the state, in order; the state is just that list. */
class RecordingEngine implements LiveStateEngine<Change, Snapshot> {
  applied: string[] = [];
  rebuiltFrom: RebuildLists | null = null;
  rebuildRequired = false;
  queueFixes: Change[] = [];
  seenAtReconcile: string[] = [];

  apply(event: AmiMessage): Change[] {
    this.applied.push(event['Event']);
    return [event['Event']];
  }
  rebuild(lists: RebuildLists): Snapshot {
    this.rebuiltFrom = lists;
    this.applied = [];
    return lists.queueStatus.map((item) => item['Event']);
  }
  reconcile(): Change[] {
    this.seenAtReconcile = [...this.applied];
    return this.queueFixes;
  }
}

/** An AMI link whose answers the test releases by hand, like a PBX that takes its time. */
class ManualLink implements AmiActionLink {
  readonly calls: Array<{
    fields: AmiOutgoingFields;
    respond: (events?: AmiMessage[]) => void;
    onResponse?: (response: AmiMessage) => void;
    resolve: (result: AmiActionResult) => void;
  }> = [];

  action(
    fields: AmiOutgoingFields,
    options?: { onResponse?: (response: AmiMessage) => void },
  ): Promise<AmiActionResult> {
    return new Promise((resolve) => {
      const response: AmiMessage = { Response: 'Success', EventList: 'start' };
      this.calls.push({
        fields,
        onResponse: options?.onResponse,
        resolve,
        respond: (events = []) => {
          options?.onResponse?.(response);
          resolve({ response, events: [...events, { Event: 'Complete', EventList: 'Complete' }] });
        },
      });
    });
  }

  call(action: string) {
    const found = this.calls.find((c) => c.fields['Action'] === action);
    if (!found) throw new Error(`no ${action} sent`);
    return found;
  }
}

const ev = (name: string): AmiMessage => ({ Event: name });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const engine = new RecordingEngine();
  const written: Change[][] = [];
  const replaced: Snapshot[] = [];
  const ingestor = new LiveStatusIngestor<Change, Snapshot>(
    engine,
    { write: (c) => written.push(c), replaceAll: async (s) => void replaced.push(s) },
    {},
    { chunkSize: 2, maxBuffered: 100, listTimeoutMs: 1000 },
  );
  return { engine, written, replaced, ingestor, link: new ManualLink() };
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
    const qs = link.calls.filter((c) => c.fields['Action'] === 'QueueStatus')[1];
    qs.onResponse?.({ Response: 'Success' });
    ingestor.push(ev('AfterAnswer1'));
    ingestor.push(ev('AfterAnswer2'));
    qs.resolve({ response: { Response: 'Success' }, events: [] });
    for (const name of ['QueueSummary', 'CoreShowChannels', 'DeviceStateList', 'PJSIPShowContacts']) {
      link.calls.filter((c) => c.fields['Action'] === name)[1]?.respond();
    }
    await tick();
    await reconciled;
    await tick();
    await tick();
    expect(engine.seenAtReconcile).toEqual(['BeforeAnswer']);
    expect(engine.applied).toEqual(['BeforeAnswer', 'AfterAnswer1', 'AfterAnswer2']);
    expect(written.flat()).toContain('fix-1');
  });
});
