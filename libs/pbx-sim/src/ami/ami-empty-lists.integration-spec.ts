import { PbxSimulator } from '../pbx-simulator';
import { AmiTestClient } from '../testing/ami-test.client';

// What Asterisk 22 sends when a list action has nothing to list, byte for byte. No transcript covers
// these answers; each expectation follows the function of releases/22 named in ami-action.handlers.ts.

const emptyList = (id: string, message: string, complete: string, extra = ''): string =>
  `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: ${message}\r\n\r\n` +
  `Event: ${complete}\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n${extra}\r\n`;

const error = (id: string, message: string): string =>
  `Response: Error\r\nActionID: ${id}\r\nMessage: ${message}\r\n\r\n`;

describe('AMI list actions with nothing to list, as Asterisk 22 answers them', () => {
  let sim: PbxSimulator;
  let client: AmiTestClient;

  const answer = async (fields: [string, string][]): Promise<string> => {
    const from = client.raw.length;
    await client.action(fields);
    return client.raw.slice(from);
  };

  afterEach(async () => {
    client.close();
    await sim.stop();
  });

  describe('on a PBX with endpoints and queues but no contact and no call', () => {
    beforeEach(async () => {
      sim = await PbxSimulator.start({ httpPort: null, topology: 'lab' });
      client = await AmiTestClient.connect(sim.amiPort);
      await client.login('admin', 'admin', 'off');
    });

    it('answers PJSIPShowContacts with an Error "No Contacts found" ending in a bare LF', async () => {
      expect(
        await answer([
          ['Action', 'PJSIPShowContacts'],
          ['ActionID', 'c1'],
        ]),
      ).toBe(error('c1', 'No Contacts found\n'));
    });

    it('answers PJSIPShowRegistrationInboundContactStatuses with an empty list', async () => {
      expect(
        await answer([
          ['Action', 'PJSIPShowRegistrationInboundContactStatuses'],
          ['ActionID', 'r1'],
        ]),
      ).toBe(
        emptyList(
          'r1',
          'Following are ContactStatusEvents for each Inbound registration',
          'ContactStatusDetailComplete',
        ),
      );
    });

    it('answers CoreShowChannels and Status with empty lists', async () => {
      expect(
        await answer([
          ['Action', 'CoreShowChannels'],
          ['ActionID', 'ch1'],
        ]),
      ).toBe(emptyList('ch1', 'Channels will follow', 'CoreShowChannelsComplete'));
      expect(
        await answer([
          ['Action', 'Status'],
          ['ActionID', 's1'],
        ]),
      ).toBe(emptyList('s1', 'Channel status will follow', 'StatusComplete', 'Items: 0\r\n'));
    });

    it('answers QueueStatus and QueueSummary for an unknown queue with empty lists', async () => {
      expect(
        await answer([
          ['Action', 'QueueStatus'],
          ['ActionID', 'q1'],
          ['Queue', 'nosuchqueue'],
        ]),
      ).toBe(emptyList('q1', 'Queue status will follow', 'QueueStatusComplete'));
      expect(
        await answer([
          ['Action', 'QueueSummary'],
          ['ActionID', 'q2'],
          ['Queue', 'nosuchqueue'],
        ]),
      ).toBe(emptyList('q2', 'Queue summary will follow', 'QueueSummaryComplete'));
    });

    it('matches the QueueStatus queue filter without regard to case, as strcasecmp does', async () => {
      const raw = await answer([
        ['Action', 'QueueStatus'],
        ['ActionID', 'q3'],
        ['Queue', 'SALES'],
      ]);
      expect(raw).toContain('Event: QueueParams\r\nQueue: sales\r\n');
    });
  });

  describe('on a PBX with no endpoint, queue or agent configured', () => {
    beforeEach(async () => {
      sim = await PbxSimulator.start({
        httpPort: null,
        topology: { endpoints: [], queues: [], poolAgents: [] },
      });
      client = await AmiTestClient.connect(sim.amiPort);
      await client.login('admin', 'admin', 'off');
    });

    it('answers PJSIPShowEndpoints with an Error "No endpoints found" ending in a bare LF', async () => {
      expect(
        await answer([
          ['Action', 'PJSIPShowEndpoints'],
          ['ActionID', 'e1'],
        ]),
      ).toBe(error('e1', 'No endpoints found\n'));
    });

    it('answers QueueStatus, QueueSummary, DeviceStateList and Agents with empty lists', async () => {
      const cases: [string, string, string][] = [
        ['QueueStatus', 'Queue status will follow', 'QueueStatusComplete'],
        ['QueueSummary', 'Queue summary will follow', 'QueueSummaryComplete'],
        ['DeviceStateList', 'Device State Changes will follow', 'DeviceStateListComplete'],
        ['Agents', 'Agents will follow', 'AgentsComplete'],
      ];
      for (const [action, message, complete] of cases) {
        const id = action.toLowerCase();
        expect(
          await answer([
            ['Action', action],
            ['ActionID', id],
          ]),
        ).toBe(emptyList(id, message, complete));
      }
    });
  });
});
