import { readFileSync } from 'node:fs';
import { serializeAmi } from '@cc/ami';
import { amiFixturePath } from '../testing/ami-test.client';
import { actionKindFromActionId, parseReplayParts, takeAnswer } from './ami-replay.transcript';

const fixture = amiFixturePath;

describe('replay transcript parts', () => {
  it('splits errors.ami into two connections at its banner lines', () => {
    const parts = parseReplayParts(readFileSync(fixture('errors.ami')));
    expect(parts).toHaveLength(2);
    expect(parts[0].login?.response['Message']).toBe('Authentication failed');
    expect(parts[0].answers).toHaveLength(0);
    expect(parts[1].login?.response['Message']).toBe('Authentication accepted');
    expect(parts[1].answers.map((a) => a.response['ActionID'])[0]).toBe('before-login-1');
    expect(parts[1].logoff?.response['Response']).toBe('Goodbye');
    expect(parts[1].events.map((e) => e['Event'])).toEqual([
      'FullyBooted',
      'SuccessfulAuth',
      'RequestBadFormat',
    ]);
  });

  it('keeps list events with their response and out of the played events', () => {
    const [part] = parseReplayParts(readFileSync(fixture('startup_state.ami')));
    expect(part.answers.map((a) => a.kind)).toEqual([
      'queuestatus',
      'queuesummary',
      'coreshowchannels',
      'devicestatelist',
      'pjsipshowendpoints',
      'pjsipshowcontacts',
      'pjsipshowregistrationinboundcontactstatuses',
      'agents',
      'status',
    ]);
    expect(part.answers[0].listEvents).toHaveLength(10);
    expect(part.answers[3].listEvents.filter((e) => e['Event'] === 'DeviceStateChange')).toHaveLength(15);
    expect(part.events.map((e) => e['Event'])).toEqual(['FullyBooted', 'SuccessfulAuth']);
  });

  it('infers the action kind from the ActionID and falls back to recorded order', () => {
    expect(actionKindFromActionId('queuestatus-after-call')).toBe('queuestatus');
    expect(actionKindFromActionId('pause-all-1001')).toBe('pause');
    const [part] = parseReplayParts(readFileSync(fixture('pause_unpause.ami')));
    const used = part.answers.map(() => false);
    // `pause-all-1001` does not say QueuePause: the first unused answer is served. `status-paused`
    // does not say QueueStatus either, but its QueueStatusComplete does.
    expect(takeAnswer(part.answers, used, 'QueuePause')?.response['ActionID']).toBe('pause-all-1001');
    expect(takeAnswer(part.answers, used, 'QueueStatus')?.response['ActionID']).toBe('status-paused');
    const [startup] = parseReplayParts(readFileSync(fixture('startup_state.ami')));
    const startupUsed = startup.answers.map(() => false);
    expect(takeAnswer(startup.answers, startupUsed, 'Agents')?.response['ActionID']).toBe('agents-1');
    expect(takeAnswer(startup.answers, startupUsed, 'QueueStatus')?.response['ActionID']).toBe(
      'queuestatus-1',
    );
    expect(takeAnswer(startup.answers, startupUsed, 'Unknown')?.response['ActionID']).toBe('queuesummary-1');
  });
  it('recognises login, Ping and list answers of a recording with opaque ActionIDs, as our client writes them', () => {
    const message = (fields: Record<string, string>) => serializeAmi(fields);
    const recording =
      'Asterisk Call Manager/11.0.0\r\n' +
      message({ Response: 'Success', ActionID: '98f5c448-1-1', Message: 'Authentication accepted' }) +
      message({
        Response: 'Success',
        ActionID: '98f5c448-1-2',
        Ping: 'Pong',
        Timestamp: '1795381651.000000',
      }) +
      message({
        Response: 'Success',
        ActionID: '98f5c448-1-3',
        EventList: 'start',
        Message: 'Channels will follow',
      }) +
      message({
        Event: 'CoreShowChannelsComplete',
        ActionID: '98f5c448-1-3',
        EventList: 'Complete',
        ListItems: '0',
      }) +
      message({
        Response: 'Success',
        ActionID: '98f5c448-1-4',
        EventList: 'start',
        Message: 'Queue status will follow',
      }) +
      message({
        Event: 'QueueStatusComplete',
        ActionID: '98f5c448-1-4',
        EventList: 'Complete',
        ListItems: '0',
      });
    const [part] = parseReplayParts(recording);
    expect(part.login?.response['ActionID']).toBe('98f5c448-1-1');
    expect(part.answers.map((a) => a.kind)).toEqual(['coreshowchannels', 'queuestatus']);
    const used = part.answers.map(() => false);
    expect(takeAnswer(part.answers, used, 'QueueStatus')?.response['ActionID']).toBe('98f5c448-1-4');
  });
});
