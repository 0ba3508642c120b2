import { parseAmiTranscript, type AmiMessage } from '@cc/ami';

/** A recorded answer to one action: its Response and, for event-list actions, the list events after it. */
export interface RecordedAnswer {
  /**
   * Lowercased action name: from the list's closing event when there is one (`QueueStatusComplete` ->
   * `queuestatus`), else guessed from the recorded ActionID (see `actionKindFromActionId`).
   */
  kind: string;
  readonly response: AmiMessage;
  readonly listEvents: readonly AmiMessage[];
}

/** One recorded AMI connection, ready to be served. */
export interface ReplayPart {
  readonly banner: string;
  /** The answer to Login; null when the recording holds none. */
  readonly login: RecordedAnswer | null;
  /** The answer to Logoff (`Response: Goodbye`); null when the recording holds none. */
  readonly logoff: RecordedAnswer | null;
  /** Answers to all other actions, in recorded order. */
  readonly answers: readonly RecordedAnswer[];
  /** Events not belonging to an event list, in recorded order. */
  readonly events: readonly AmiMessage[];
}

/**
 * The recordings give every action a descriptive ActionID (`queuestatus-1`, `queuestatus-after-call`,
 * `pause-all-1001`): the action kind is taken as the text before the first '-', lowercased.
 * It matches the client's action only when the recording used the action name there (`queuestatus`,
 * `coreshowchannels`); other answers are served in recorded order (see `takeAnswer`).
 */
export function actionKindFromActionId(actionId: string): string {
  const dash = actionId.indexOf('-');
  return (dash === -1 ? actionId : actionId.slice(0, dash)).toLowerCase();
}

// What an event list's closing event says about the action that asked for it. Recordings made by our own
// client carry opaque ActionIDs (`98f5c448-1-3`), so the content is the only reliable clue.
const ACTION_OF_LIST_COMPLETE: Readonly<Record<string, string>> = {
  QueueStatusComplete: 'queuestatus',
  QueueSummaryComplete: 'queuesummary',
  CoreShowChannelsComplete: 'coreshowchannels',
  DeviceStateListComplete: 'devicestatelist',
  EndpointListComplete: 'pjsipshowendpoints',
  ContactListComplete: 'pjsipshowcontacts',
  ContactStatusDetailComplete: 'pjsipshowregistrationinboundcontactstatuses',
  AgentsComplete: 'agents',
  StatusComplete: 'status',
};

function isLoginAnswer(message: AmiMessage): boolean {
  return /^Authentication (accepted|failed)$/.test(message['Message'] ?? '');
}

function isListStart(message: AmiMessage): boolean {
  return message['EventList']?.toLowerCase() === 'start';
}

function isListComplete(message: AmiMessage): boolean {
  return message['EventList']?.toLowerCase() === 'complete';
}

function buildPart(banner: string, messages: readonly AmiMessage[]): ReplayPart {
  let login: RecordedAnswer | null = null;
  let logoff: RecordedAnswer | null = null;
  const answers: RecordedAnswer[] = [];
  const events: AmiMessage[] = [];
  // ActionID -> the answer whose list is still collecting its events.
  const openLists = new Map<string, RecordedAnswer & { listEvents: AmiMessage[] }>();
  for (const message of messages) {
    const actionId = message['ActionID'];
    if (message['Event'] !== undefined) {
      const open = actionId === undefined ? undefined : openLists.get(actionId);
      if (open !== undefined && actionId !== undefined) {
        open.listEvents.push(message);
        if (isListComplete(message)) {
          openLists.delete(actionId);
          open.kind = ACTION_OF_LIST_COMPLETE[message['Event']] ?? open.kind;
        }
      } else {
        events.push(message);
      }
      continue;
    }
    if (message['Response'] === undefined) continue;
    const kind = message['Ping'] === 'Pong' ? 'ping' : actionKindFromActionId(actionId ?? '');
    const answer = { kind, response: message, listEvents: [] as AmiMessage[] };
    if (actionId !== undefined && isListStart(message)) openLists.set(actionId, answer);
    if (login === null && (kind === 'login' || isLoginAnswer(message))) login = answer;
    else if (message['Response'] === 'Goodbye' && logoff === null) logoff = answer;
    // The server answers Ping itself, so recorded Pongs must not shift the other answers.
    else if (kind !== 'ping') answers.push(answer);
  }
  return { banner, login, logoff, answers, events };
}

/**
 * Splits a recorded transcript into connections: each banner line starts a new part
 * (errors.ami holds two connections back to back).
 */
export function parseReplayParts(data: Buffer | string): ReplayPart[] {
  const parts: ReplayPart[] = [];
  let banner: string | null = null;
  let messages: AmiMessage[] = [];
  for (const item of parseAmiTranscript(data)) {
    if (item.kind === 'banner') {
      if (banner !== null) parts.push(buildPart(banner, messages));
      banner = item.banner;
      messages = [];
    } else {
      messages.push(item.message);
    }
  }
  if (banner !== null || messages.length > 0)
    parts.push(buildPart(banner ?? 'Asterisk Call Manager/11.0.0', messages));
  return parts;
}

/**
 * `used[i]` tells whether `answers[i]` was already served on this connection.
 * Picks the recorded answer for an action: the first unused answer whose kind equals the lowercased
 * action name, else the first unused answer in recorded order, else null. Marks it used.
 */
export function takeAnswer(
  answers: readonly RecordedAnswer[],
  used: boolean[],
  actionName: string,
): RecordedAnswer | null {
  const wanted = actionName.toLowerCase();
  let index = answers.findIndex((answer, i) => !used[i] && answer.kind === wanted);
  if (index === -1) index = answers.findIndex((_answer, i) => !used[i]);
  if (index === -1) return null;
  used[index] = true;
  return answers[index];
}
