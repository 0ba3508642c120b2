import type { AmiMessage, AmiOutgoingFields } from '../ami-message';

/*
 * Pure builders for the AMI actions the platform sends. Each returns the fields of one action without
 * an ActionID (the client or the action port adds it); header names are Asterisk's, checked against
 * Asterisk 22.10.1's action handlers (apps/app_queue.c manager_*_queue_member, main/manager.c
 * action_originate) and against the requests recorded in fixtures/ami (see its README).
 * A CR or LF in a value is refused when the fields are serialised (serializeAmi), so a value built from
 * user input cannot inject headers.
 */

export class AmiActionArgumentError extends Error {
  override readonly name = 'AmiActionArgumentError';
}

function required(name: string, value: string): string {
  if (value.length === 0) throw new AmiActionArgumentError(`${name} must not be empty`);
  return value;
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new AmiActionArgumentError(`${name} must be a whole number >= 0, got ${value}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Queue members

export interface QueuePauseArgs {
  /** Only this queue; without it Asterisk (un)pauses the interface in every queue it is a member of. */
  readonly queue?: string;
  /** The member, as queues name it: `PJSIP/1001`. */
  readonly interface: string;
  readonly paused: boolean;
  /** Shown as PausedReason in QueueStatus and the QueueMemberPause event; Asterisk keeps it on unpause too. */
  readonly reason?: string;
}

/** QueuePause: answered `Interface paused successfully` / `Interface unpaused successfully`. */
export function queuePause(args: QueuePauseArgs): AmiOutgoingFields {
  const fields: Record<string, string | boolean> = { Action: 'QueuePause' };
  if (args.queue !== undefined) fields['Queue'] = required('queue', args.queue);
  fields['Interface'] = required('interface', args.interface);
  fields['Paused'] = args.paused;
  if (args.reason !== undefined && args.reason !== '') fields['Reason'] = args.reason;
  return fields;
}

export interface QueueAddArgs {
  readonly queue: string;
  readonly interface: string;
  readonly memberName?: string;
  readonly penalty?: number;
  /** Added paused (for example an agent who is not ready yet). */
  readonly paused?: boolean;
  /** The pause reason when added paused. */
  readonly reason?: string;
  /** The device whose state decides whether the member is free; defaults to the interface in Asterisk. */
  readonly stateInterface?: string;
  /** The member's own wrap-up seconds, overriding the queue's. */
  readonly wrapupTime?: number;
}

/** QueueAdd: a dynamic member. Answered `Added interface to queue`. */
export function queueAdd(args: QueueAddArgs): AmiOutgoingFields {
  const fields: Record<string, string | number | boolean> = {
    Action: 'QueueAdd',
    Queue: required('queue', args.queue),
    Interface: required('interface', args.interface),
  };
  if (args.memberName !== undefined && args.memberName !== '') fields['MemberName'] = args.memberName;
  if (args.penalty !== undefined) fields['Penalty'] = wholeNumber('penalty', args.penalty);
  if (args.paused !== undefined) fields['Paused'] = args.paused;
  if (args.reason !== undefined && args.reason !== '') fields['Reason'] = args.reason;
  if (args.stateInterface !== undefined && args.stateInterface !== '')
    fields['StateInterface'] = args.stateInterface;
  if (args.wrapupTime !== undefined) fields['Wrapuptime'] = wholeNumber('wrapupTime', args.wrapupTime);
  return fields;
}

/** QueueRemove: only dynamic members can be removed (a static one answers `Member not dynamic`). */
export function queueRemove(args: { readonly queue: string; readonly interface: string }): AmiOutgoingFields {
  return {
    Action: 'QueueRemove',
    Queue: required('queue', args.queue),
    Interface: required('interface', args.interface),
  };
}

export interface QueuePenaltyArgs {
  /** Only this queue; without it the penalty is set in every queue the interface is a member of. */
  readonly queue?: string;
  readonly interface: string;
  readonly penalty: number;
}

/** QueuePenalty: answered `Interface penalty set successfully`. */
export function queuePenalty(args: QueuePenaltyArgs): AmiOutgoingFields {
  const fields: Record<string, string | number> = {
    Action: 'QueuePenalty',
    Interface: required('interface', args.interface),
    Penalty: wholeNumber('penalty', args.penalty),
  };
  if (args.queue !== undefined) fields['Queue'] = required('queue', args.queue);
  return fields;
}

// ---------------------------------------------------------------------------------------------------
// Originate

export interface AmiCallerId {
  readonly name?: string;
  readonly number: string;
}

interface OriginateCommon {
  /** What to call first: `PJSIP/1005`, `Local/500@from-external`. */
  readonly channel: string;
  /** How long the first channel may ring, in ms (Asterisk's default is 30000). */
  readonly timeoutMs?: number;
  readonly callerId?: AmiCallerId;
  /** Channel variables set on the new channel (`Variable: NAME=value`, one header each). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly account?: string;
  /**
   * Default true: Asterisk answers at once (`Originate successfully queued`) and reports the outcome in
   * an OriginateResponse event carrying the ActionID. A synchronous Originate holds its answer until
   * the channel answers or fails, longer than an action timeout should be.
   */
  readonly async?: boolean;
  /** The uniqueid to give the new channel, so its events can be matched before they arrive. */
  readonly channelId?: string;
  /** The uniqueid of the second channel (a Local channel's `;2` half). */
  readonly otherChannelId?: string;
  readonly earlyMedia?: boolean;
}

export interface OriginateToExtensionArgs extends OriginateCommon {
  readonly context: string;
  readonly exten: string;
  readonly priority?: number | string;
  readonly application?: never;
  readonly data?: never;
}

export interface OriginateToApplicationArgs extends OriginateCommon {
  readonly application: string;
  readonly data?: string;
  readonly context?: never;
  readonly exten?: never;
  readonly priority?: never;
}

export type OriginateArgs = OriginateToExtensionArgs | OriginateToApplicationArgs;

// A '"' in the name would end the quoted name early; Asterisk's ast_callerid_parse reads up to it.
function formatCallerId(callerId: AmiCallerId): string {
  const name = callerId.name?.replace(/"/g, '') ?? '';
  return name === '' ? `<${callerId.number}>` : `"${name}" <${callerId.number}>`;
}

function variableLines(variables: Readonly<Record<string, string>>): string[] {
  return Object.entries(variables).map(([name, value]) => {
    if (name.length === 0 || name.includes('='))
      throw new AmiActionArgumentError(`variable name ${JSON.stringify(name)} must be non-empty without '='`);
    return `${name}=${value}`;
  });
}

/** Originate: calls `channel`, then connects it to an extension or runs an application on it. */
export function originate(args: OriginateArgs): AmiOutgoingFields {
  const fields: Record<string, string | number | boolean | readonly string[]> = {
    Action: 'Originate',
    Channel: required('channel', args.channel),
  };
  if (args.application !== undefined) {
    fields['Application'] = required('application', args.application);
    if (args.data !== undefined) fields['Data'] = args.data;
  } else {
    // manager.c action_originate: "Originate with 'Exten' requires 'Context' and 'Priority'".
    fields['Context'] = required('context', args.context);
    fields['Exten'] = required('exten', args.exten);
    fields['Priority'] = args.priority ?? 1;
  }
  if (args.timeoutMs !== undefined) fields['Timeout'] = wholeNumber('timeoutMs', args.timeoutMs);
  if (args.callerId !== undefined) fields['CallerID'] = formatCallerId(args.callerId);
  if (args.variables !== undefined) {
    const lines = variableLines(args.variables);
    if (lines.length > 0) fields['Variable'] = lines;
  }
  if (args.account !== undefined) fields['Account'] = args.account;
  if (args.earlyMedia !== undefined) fields['EarlyMedia'] = args.earlyMedia;
  if (args.channelId !== undefined) fields['ChannelId'] = required('channelId', args.channelId);
  if (args.otherChannelId !== undefined)
    fields['OtherChannelId'] = required('otherChannelId', args.otherChannelId);
  fields['Async'] = args.async ?? true;
  return fields;
}

export type ChanSpyMode = 'listen' | 'whisper' | 'barge';

/**
 * ChanSpy options per mode (apps/app_chanspy.c, Asterisk 22.10.1, spy_opts): `q` no beep nor channel
 * name announced to the supervisor; `w` whisper: the supervisor talks to the spied-on channel only;
 * `B` barge: the supervisor talks to both parties of the call.
 */
export const CHANSPY_MODE_OPTIONS: Readonly<Record<ChanSpyMode, string>> = {
  listen: 'q',
  whisper: 'qw',
  barge: 'qB',
};

export interface ChanSpyOriginateArgs {
  /** The supervisor's own phone, rung first: `PJSIP/1005`. */
  readonly supervisorEndpoint: string;
  /** The agent's live channel, `PJSIP/1001-00000000` (ChanSpy matches it as a channel-name prefix). */
  readonly agentChannel: string;
  readonly mode: ChanSpyMode;
  readonly callerId?: AmiCallerId;
  readonly timeoutMs?: number;
  /**
   * Add ChanSpy's `E` option: the supervisor's call ends when the spied-on channel hangs up. Without
   * it ChanSpy keeps waiting, in silence, for another channel matching the prefix.
   */
  readonly exitWhenSpiedHangsUp?: boolean;
  readonly channelId?: string;
}

/** Originate that rings the supervisor and, once answered, runs ChanSpy on the agent's channel. */
export function chanSpyOriginate(args: ChanSpyOriginateArgs): AmiOutgoingFields {
  // ChanSpy's arguments are comma-separated: a comma in the channel would be read as the options.
  if (args.agentChannel.includes(','))
    throw new AmiActionArgumentError('agentChannel must not contain a comma');
  const options = CHANSPY_MODE_OPTIONS[args.mode] + (args.exitWhenSpiedHangsUp === true ? 'E' : '');
  return originate({
    channel: args.supervisorEndpoint,
    application: 'ChanSpy',
    data: `${required('agentChannel', args.agentChannel)},${options}`,
    callerId: args.callerId,
    timeoutMs: args.timeoutMs,
    channelId: args.channelId,
  });
}

// ---------------------------------------------------------------------------------------------------
// List actions: answered `Response: Success` + `EventList: start`, then one event per item and a
// `<Name>Complete` event.

/** QueueStatus: QueueParams, QueueMember and QueueEntry events, then QueueStatusComplete. */
export function queueStatus(
  args: { readonly queue?: string; readonly member?: string } = {},
): AmiOutgoingFields {
  const fields: Record<string, string> = { Action: 'QueueStatus' };
  if (args.queue !== undefined) fields['Queue'] = required('queue', args.queue);
  if (args.member !== undefined) fields['Member'] = required('member', args.member);
  return fields;
}

/** QueueSummary: QueueSummary events, then QueueSummaryComplete. */
export function queueSummary(args: { readonly queue?: string } = {}): AmiOutgoingFields {
  return args.queue === undefined
    ? { Action: 'QueueSummary' }
    : { Action: 'QueueSummary', Queue: required('queue', args.queue) };
}

/** CoreShowChannels: CoreShowChannel events, then CoreShowChannelsComplete. */
export function coreShowChannels(): AmiOutgoingFields {
  return { Action: 'CoreShowChannels' };
}

/** DeviceStateList: DeviceStateChange events (with the ActionID), then DeviceStateListComplete. */
export function deviceStateList(): AmiOutgoingFields {
  return { Action: 'DeviceStateList' };
}

/** PJSIPShowContacts: ContactList events, then ContactListComplete (an error when there is none). */
export function pjsipShowContacts(): AmiOutgoingFields {
  return { Action: 'PJSIPShowContacts' };
}

/** PJSIPShowEndpoints: EndpointList events, then EndpointListComplete (an error when there is none). */
export function pjsipShowEndpoints(): AmiOutgoingFields {
  return { Action: 'PJSIPShowEndpoints' };
}

/** PJSIPShowRegistrationInboundContactStatuses: ContactStatusDetail events, then ...Complete. */
export function pjsipShowRegistrationInboundContactStatuses(): AmiOutgoingFields {
  return { Action: 'PJSIPShowRegistrationInboundContactStatuses' };
}

/** Agents: the app_agent_pool agents of agents.conf (Agents events, then AgentsComplete). */
export function agents(): AmiOutgoingFields {
  return { Action: 'Agents' };
}

/** Status: one Status event per channel (or only `channel`), then StatusComplete. */
export function channelStatus(args: { readonly channel?: string } = {}): AmiOutgoingFields {
  return args.channel === undefined
    ? { Action: 'Status' }
    : { Action: 'Status', Channel: required('channel', args.channel) };
}

// ---------------------------------------------------------------------------------------------------
// Answers

/** An answer as the action port reports it (`AmiActionOutcome`) or as read from a `Response:` frame. */
export interface AmiAnswer {
  readonly success: boolean;
  readonly message: string;
}

/** The success flag and message of a `Response:` frame. */
export function amiAnswerOf(response: AmiMessage): AmiAnswer {
  return { success: response['Response'] === 'Success', message: response['Message'] ?? '' };
}

function actionName(action: string | AmiOutgoingFields): string {
  if (typeof action === 'string') return action.toLowerCase();
  const name = action['Action'];
  return typeof name === 'string' ? name.toLowerCase() : '';
}

function trimmedMessage(answer: AmiAnswer): string {
  // Asterisk ends some messages with '\n' ("No Contacts found\n"); the parser already trims it from
  // frames, an answer built elsewhere may still carry it.
  return answer.message.trim();
}

/*
 * The error answer that means "nothing to list", per list action, from Asterisk 22.10.1's source.
 * The list actions not named here never answer an error for an empty list; they send the list
 * header and a Complete event with `ListItems: 0`:
 * - QueueStatus: apps/app_queue.c manager_queues_status(), astman_send_listack() unconditionally (l. 10909).
 * - QueueSummary: apps/app_queue.c manager_queues_summary(), astman_send_listack() unconditionally (l. 10827).
 * - CoreShowChannels: main/manager.c action_coreshowchannels(), astman_send_listack() unconditionally (l. 6619).
 * - DeviceStateList: res/res_manager_devicestate.c action_devicestatelist(), listack (l. 94); its only
 *   error is "Memory Allocation Failure" (l. 90), a real failure.
 * - Agents: apps/app_agent_pool.c action_agents(), astman_send_listack() unconditionally (l. 2564).
 * - PJSIPShowRegistrationInboundContactStatuses: res/res_pjsip_registrar.c
 *   ami_show_registration_contact_statuses(), astman_send_listack() unconditionally (l. 1370).
 * - Status: main/manager.c action_status(); "No such channel" only when one Channel was asked for
 *   (l. 3805), which is an answer about that channel, not an empty list.
 */
const EMPTY_LIST_MESSAGES: ReadonlyMap<string, string> = new Map([
  // res/res_pjsip/pjsip_options.c ami_show_contacts(): `astman_send_error(s, m, "No Contacts found\n")`
  // when the contact container is empty (l. 2476); "Could not get Contacts" (l. 2471) is a real failure.
  ['pjsipshowcontacts', 'No Contacts found'],
  // res/res_pjsip/pjsip_configuration.c ami_show_endpoints(): "No endpoints found\n" (l. 2046);
  // "Could not get endpoints" (l. 2041) is a real failure.
  ['pjsipshowendpoints', 'No endpoints found'],
  // res/res_pjsip/location.c ami_show_aors(): "No AORs found\n" (l. 1281).
  ['pjsipshowaors', 'No AORs found'],
]);

/** True when a list action's `Response: Error` only says there was nothing to list. */
export function isEmptyListAnswer(
  action: string | AmiOutgoingFields,
  answer: AmiAnswer | AmiMessage,
): boolean {
  const normalised = isAnswer(answer) ? answer : amiAnswerOf(answer);
  if (normalised.success) return false;
  const expected = EMPTY_LIST_MESSAGES.get(actionName(action));
  return expected !== undefined && trimmedMessage(normalised) === expected;
}

function isAnswer(value: AmiAnswer | AmiMessage): value is AmiAnswer {
  return typeof value['success'] === 'boolean';
}

/**
 * What an answer means for the caller:
 * - `success`: done.
 * - `empty-list`: a list action found nothing (see isEmptyListAnswer): treat as an empty list.
 * - `already-done`: the wanted end state already holds (QueueAdd of a member that is there, QueueRemove
 *   of one that is not): treat as success.
 * - `not-found`: the interface, queue, endpoint or channel does not exist: retrying the same action
 *   cannot help until the configuration changes.
 * - `refused`: the request itself is wrong or not allowed (missing field, unknown action, no
 *   permission, a static member): a bug or a configuration fault; do not retry.
 * - `failed`: anything else, such as `Originate failed` (the channel could not be called): may be retried.
 */
export type AmiAnswerKind = 'success' | 'empty-list' | 'already-done' | 'not-found' | 'refused' | 'failed';

export interface AmiAnswerClass {
  readonly kind: AmiAnswerKind;
  /** True only for `failed`: the same action may succeed later. */
  readonly retryable: boolean;
  readonly message: string;
}

interface MessageRule {
  readonly actions: readonly string[] | 'any';
  readonly test: (message: string) => boolean;
  readonly kind: Exclude<AmiAnswerKind, 'success' | 'empty-list'>;
}

const exactly =
  (text: string) =>
  (message: string): boolean =>
    message === text;
const startsWith =
  (text: string) =>
  (message: string): boolean =>
    message.startsWith(text);

// Messages from Asterisk 22.10.1 (apps/app_queue.c manager_add_queue_member, manager_remove_queue_member,
// manager_pause_queue_member, manager_queue_member_penalty; main/manager.c action_originate,
// action_status, process_message; res/res_pjsip/pjsip_configuration.c ami_show_endpoint), each also
// recorded in fixtures/ami/errors.ami where marked (*).
const MESSAGE_RULES: readonly MessageRule[] = [
  { actions: ['queueadd'], test: exactly('Unable to add interface: Already there'), kind: 'already-done' }, // (*)
  { actions: ['queueremove'], test: exactly('Unable to remove interface: Not there'), kind: 'already-done' }, // (*)
  { actions: ['queuepause'], test: exactly('Interface not found'), kind: 'not-found' }, // (*)
  { actions: ['queueadd', 'queueremove'], test: startsWith('Unable to '), kind: 'not-found' }, // No such queue (*)
  { actions: ['queuepenalty'], test: exactly('Invalid interface, queuename or penalty'), kind: 'not-found' },
  { actions: ['pjsipshowendpoint'], test: startsWith('Unable to retrieve endpoint'), kind: 'not-found' }, // (*)
  { actions: ['status'], test: exactly('No such channel'), kind: 'not-found' },
  { actions: ['originate'], test: exactly('Extension does not exist.'), kind: 'not-found' },
  { actions: ['queueremove'], test: exactly('Member not dynamic'), kind: 'refused' }, // (*)
  { actions: 'any', test: exactly('Permission denied'), kind: 'refused' }, // (*) before login
  { actions: 'any', test: startsWith('Invalid/unknown command'), kind: 'refused' }, // (*)
  { actions: 'any', test: startsWith('Need '), kind: 'refused' }, // (*) "Need 'Interface' and 'Paused' parameters."
  {
    actions: 'any',
    test: (m) => m.endsWith('not specified') || m.endsWith('not specified.'),
    kind: 'refused',
  },
  { actions: 'any', test: exactly('Authentication failed'), kind: 'refused' }, // (*)
  { actions: 'any', test: startsWith('Originate Access Forbidden'), kind: 'refused' },
  { actions: 'any', test: startsWith('Originate with '), kind: 'refused' },
  { actions: 'any', test: startsWith('Invalid '), kind: 'refused' }, // Invalid priority / timeout / channel
];

/** Classifies Asterisk's answer to `action`. */
export function classifyAmiAnswer(
  action: string | AmiOutgoingFields,
  answer: AmiAnswer | AmiMessage,
): AmiAnswerClass {
  const normalised = isAnswer(answer) ? answer : amiAnswerOf(answer);
  const message = trimmedMessage(normalised);
  if (normalised.success) return { kind: 'success', retryable: false, message };
  if (isEmptyListAnswer(action, normalised)) return { kind: 'empty-list', retryable: false, message };
  const name = actionName(action);
  for (const rule of MESSAGE_RULES) {
    if ((rule.actions === 'any' || rule.actions.includes(name)) && rule.test(message))
      return { kind: rule.kind, retryable: false, message };
  }
  return { kind: 'failed', retryable: true, message };
}
