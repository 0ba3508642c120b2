import { SimChannel, channelBlock, formatDuration } from '../model/channel';
import { PbxModel, SimMember, SimQueue, memberStateFields } from '../model/pbx-model';
import type { AmiSession } from './ami-session';
import { AmiAction, AmiFields } from './ami-wire';

/** What the handlers need of the AMI server (AmiServer is one); declared here so the server depends on the handlers, not both ways. */
export interface ActionServer {
  readonly credentials: { user: string; secret: string };
  broadcast(fields: AmiFields): void;
  sendTo(session: AmiSession, fields: AmiFields): void;
}

export interface ActionContext {
  server: ActionServer;
  model: PbxModel;
  session: AmiSession;
  loginOk(): boolean;
  setMask(value: string | undefined): void;
}

type Handler = (ctx: ActionContext, action: AmiAction, reply: Replier) => void;

interface Replier {
  id: string | undefined;
  success(extra?: AmiFields): void;
  error(message: string): void;
  send(fields: AmiFields): void;
  /** A list item: `first` puts the ActionID right after `Event:`, `last` at the end, as Asterisk does per event. */
  item(fields: AmiFields, position: 'first' | 'last'): void;
  listStart(message: string): void;
  listComplete(event: string, count: number, extra?: AmiFields): void;
}

const makeReplier = (ctx: ActionContext, action: AmiAction): Replier => {
  const id = action.get('ActionID');
  const idField: AmiFields = id !== undefined ? [['ActionID', id]] : [];
  const send = (fields: AmiFields) => ctx.server.sendTo(ctx.session, fields);
  return {
    id,
    send,
    success: (extra = []) => send([['Response', 'Success'], ...idField, ...extra]),
    error: (message) => send([['Response', 'Error'], ...idField, ['Message', message]]),
    item: (fields, position) =>
      send(position === 'first' ? [fields[0], ...idField, ...fields.slice(1)] : [...fields, ...idField]),
    listStart: (message) =>
      send([['Response', 'Success'], ...idField, ['EventList', 'start'], ['Message', message]]),
    listComplete: (event, count, extra = []) =>
      send([['Event', event], ...idField, ['EventList', 'Complete'], ['ListItems', String(count)], ...extra]),
  };
};

const isTrue = (v: string | undefined): boolean => /^(true|yes|1|on)$/i.test((v ?? '').trim());

const eventTv = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

const login: Handler = (ctx, action, reply) => {
  const { user, secret } = ctx.server.credentials;
  if (!ctx.loginOk() || action.get('Username') !== user || action.get('Secret') !== secret) {
    reply.error('Authentication failed');
    // Asterisk closes the connection after a failed login
    ctx.session.socket.end();
    return;
  }
  ctx.session.authenticated = true;
  ctx.session.username = user;
  ctx.setMask(action.get('Events'));
  reply.success([['Message', 'Authentication accepted']]);
  const uptime = String(ctx.model.uptimeSeconds());
  const now = ctx.model.clock.now();
  if (ctx.session.acceptsEvent('FullyBooted', ['system']))
    reply.send([
      ['Event', 'FullyBooted'],
      ['Privilege', 'system,all'],
      ['Uptime', uptime],
      ['LastReload', uptime],
      ['Status', 'Fully Booted'],
    ]);
  if (ctx.session.acceptsEvent('SuccessfulAuth', ['security']))
    reply.send([
      ['Event', 'SuccessfulAuth'],
      ['Privilege', 'security,all'],
      ['EventTV', eventTv(now)],
      ['Severity', 'Informational'],
      ['Service', 'AMI'],
      ['EventVersion', '1'],
      ['AccountID', user],
      ['SessionID', ctx.session.sessionHex],
      ['LocalAddress', ctx.session.local],
      ['RemoteAddress', ctx.session.remote],
      ['UsingPassword', '0'],
      ['SessionTV', eventTv(now)],
    ]);
};

const memberListItem = (m: SimMember): AmiFields => [
  ['Event', 'QueueMember'],
  ['Queue', m.queue],
  ['Name', m.name],
  ['Location', m.interface],
  ...memberStateFields(m),
  ['Wrapuptime', '0'],
];

const queueParams = (model: PbxModel, q: SimQueue): AmiFields => [
  ['Event', 'QueueParams'],
  ['Queue', q.config.name],
  ['Max', '0'],
  ['Strategy', q.config.strategy],
  ['Calls', String(q.callers.length)],
  ['Holdtime', String(q.holdtimeAvg)],
  ['TalkTime', String(q.talktimeAvg)],
  ['Completed', String(q.completed)],
  ['Abandoned', String(q.abandoned)],
  ['ServiceLevel', String(q.config.serviceLevelSeconds)],
  ['ServicelevelPerf', model.slPerf(q).toFixed(1)],
  ['ServicelevelPerf2', model.slPerf2(q).toFixed(1)],
  ['Weight', '0'],
];

// Empty lists. Asterisk 22 answers most list actions with `Success` + `EventList: start`, no items and
// the `...Complete` event (`ListItems: 0`) when there is nothing to list; only the PJSIP endpoint and
// contact lists answer an Error instead. Each handler cites the function it follows (releases/22).

// apps/app_queue.c manager_queues_status: listack first, always; the Queue filter is case-insensitive
// (strcasecmp), and an unknown queue just lists nothing.
const queueStatus: Handler = (ctx, action, reply) => {
  const queueFilter = action.get('Queue');
  const memberFilter = action.get('Member');
  reply.listStart('Queue status will follow');
  let n = 0;
  const now = ctx.model.clock.now();
  for (const q of ctx.model.queues.values()) {
    if (queueFilter && q.config.name.toLowerCase() !== queueFilter.toLowerCase()) continue;
    reply.item(queueParams(ctx.model, q), 'last');
    n++;
    for (const m of q.members) {
      // strcmp on the interface or the member name
      if (memberFilter && m.interface !== memberFilter && m.name !== memberFilter) continue;
      reply.item(memberListItem(m), 'last');
      n++;
    }
    if (memberFilter) continue;
    q.callers.forEach((c, i) => {
      reply.item(
        [
          ['Event', 'QueueEntry'],
          ['Queue', q.config.name],
          ['Position', String(i + 1)],
          ['Channel', c.caller.name],
          ['Uniqueid', c.caller.uniqueid],
          ['CallerIDNum', c.caller.callerNum],
          ['CallerIDName', c.caller.callerName],
          ['ConnectedLineNum', c.caller.connectedNum],
          ['ConnectedLineName', c.caller.connectedName],
          ['Wait', String(Math.floor((now - c.joinedAt) / 1000))],
          ['Priority', '0'],
        ],
        'last',
      );
      n++;
    });
  }
  reply.listComplete('QueueStatusComplete', n);
};

const isAvailable = (model: PbxModel, m: SimMember): boolean =>
  !m.paused && (model.devices.get(m.stateInterface) ?? 'INVALID') === 'NOT_INUSE';

// apps/app_queue.c manager_queues_summary: listack first, always; strcasecmp filter like QueueStatus.
const queueSummary: Handler = (ctx, action, reply) => {
  const filter = action.get('Queue');
  const now = ctx.model.clock.now();
  reply.listStart('Queue summary will follow');
  let n = 0;
  for (const q of ctx.model.queues.values()) {
    if (filter && q.config.name.toLowerCase() !== filter.toLowerCase()) continue;
    const loggedIn = q.members.filter((m) => m.status !== 5 && m.status !== 4).length;
    const longest = q.callers.length
      ? Math.floor((now - Math.min(...q.callers.map((c) => c.joinedAt))) / 1000)
      : 0;
    reply.item(
      [
        ['Event', 'QueueSummary'],
        ['Queue', q.config.name],
        ['LoggedIn', String(loggedIn)],
        ['Available', String(q.members.filter((m) => isAvailable(ctx.model, m)).length)],
        ['Callers', String(q.callers.length)],
        ['HoldTime', String(q.holdtimeAvg)],
        ['TalkTime', String(q.talktimeAvg)],
        ['LongestHoldTime', String(longest)],
      ],
      'last',
    );
    n++;
  }
  reply.listComplete('QueueSummaryComplete', n);
};

const channelsInListOrder = (model: PbxModel): SimChannel[] => {
  // Asterisk lists the ;2 half of a Local pair before its ;1 half
  const all = [...model.channels.values()];
  return all.sort((a, b) =>
    a.name.endsWith(';2') && b.name === a.name.replace(/;2$/, ';1')
      ? -1
      : b.name.endsWith(';2') && a.name === b.name.replace(/;2$/, ';1')
        ? 1
        : 0,
  );
};

// main/manager.c action_coreshowchannels: listack first, always.
const coreShowChannels: Handler = (ctx, _action, reply) => {
  reply.listStart('Channels will follow');
  const now = ctx.model.clock.now();
  const channels = channelsInListOrder(ctx.model);
  for (const ch of channels) {
    reply.item(
      [
        ['Event', 'CoreShowChannel'],
        ...channelBlock(ch),
        ['Application', ch.application],
        ['ApplicationData', ch.applicationData],
        ['Duration', formatDuration((now - ch.createdAt) / 1000)],
        ['BridgeId', ch.bridgeId],
      ],
      'first',
    );
  }
  reply.listComplete('CoreShowChannelsComplete', channels.length);
};

// main/manager.c action_status: `No such channel` only for a named channel that does not exist; with no
// Channel header it lists every channel, none included (StatusComplete, ListItems 0, Items 0).
const status: Handler = (ctx, action, reply) => {
  const filter = action.get('Channel');
  const now = ctx.model.clock.now();
  const channels = channelsInListOrder(ctx.model).filter((c) => !filter || c.name === filter);
  if (filter && channels.length === 0) {
    reply.error('No such channel');
    return;
  }
  reply.listStart('Channel status will follow');
  for (const ch of channels) {
    const native = ch.type === 'Local' ? '(slin)' : '(ulaw)';
    const fmt = ch.type === 'Local' ? 'slin' : 'ulaw';
    reply.item(
      [
        ['Event', 'Status'],
        ['Privilege', 'Call'],
        ...channelBlock(ch),
        ['Type', ch.type],
        ['DNID', ''],
        ['EffectiveConnectedLineNum', ch.connectedNum],
        ['EffectiveConnectedLineName', ch.connectedName],
        ['TimeToHangup', '0'],
        ['BridgeID', ch.bridgeId],
        ['Application', ch.application],
        ['Data', ch.applicationData],
        ['Nativeformats', native],
        ['Readformat', fmt],
        ['Readtrans', ''],
        ['Writeformat', fmt],
        ['Writetrans', ''],
        ['Callgroup', '0'],
        ['Pickupgroup', '0'],
        ['Seconds', String(Math.floor((now - ch.createdAt) / 1000))],
      ],
      'last',
    );
  }
  reply.listComplete('StatusComplete', channels.length, [['Items', String(channels.length)]]);
};

// res/res_manager_devicestate.c action_devicestatelist: listack first, always.
const deviceStateList: Handler = (ctx, _action, reply) => {
  reply.listStart('Device State Changes will follow');
  let n = 0;
  for (const [device, state] of ctx.model.devices) {
    reply.item(
      [
        ['Event', 'DeviceStateChange'],
        ['Device', device],
        ['State', state],
      ],
      'first',
    );
    n++;
  }
  reply.listComplete('DeviceStateListComplete', n);
};

const DEVICE_STATE_TEXT: Record<string, string> = {
  NOT_INUSE: 'Not in use',
  INUSE: 'In use',
  RINGING: 'Ringing',
  RINGINUSE: 'Ring+Inuse',
  UNAVAILABLE: 'Unavailable',
  BUSY: 'Busy',
  ONHOLD: 'On Hold',
};

const activeChannels = (model: PbxModel, endpoint: string): number =>
  [...model.channels.values()].filter((c) => c.endpoint === endpoint).length;

// res/res_pjsip/pjsip_configuration.c ami_show_endpoints: with no endpoint configured,
// astman_send_error(s, m, "No endpoints found\n") - the message ends with a bare LF, as in
// PJSIPShowEndpoint's error that errors.ami recorded.
const pjsipShowEndpoints: Handler = (ctx, _action, reply) => {
  if (ctx.model.topology.endpoints.length === 0) {
    reply.error('No endpoints found\n');
    return;
  }
  reply.listStart('A listing of Endpoints follows, presented as EndpointList events');
  const eps = ctx.model.topology.endpoints;
  for (const e of eps) {
    const c = ctx.model.contacts.get(e.name);
    reply.item(
      [
        ['Event', 'EndpointList'],
        ['ObjectType', 'endpoint'],
        ['ObjectName', e.name],
        ['Transport', e.transport],
        ['Aor', e.name],
        ['Auths', e.name],
        ['OutboundAuths', ''],
        ['Contacts', c ? `${e.name}/${c.uri},` : ''],
        ['DeviceState', DEVICE_STATE_TEXT[ctx.model.endpointDeviceState(e.name)] ?? 'Unknown'],
        ['ActiveChannels', String(activeChannels(ctx.model, e.name))],
      ],
      'first',
    );
  }
  reply.listComplete('EndpointListComplete', eps.length);
};

const pjsipShowEndpoint: Handler = (ctx, action, reply) => {
  const name = action.get('Endpoint') ?? '';
  const e = ctx.model.topology.endpoints.find((x) => x.name === name);
  if (!e) {
    // the trailing bare LF is Asterisk's, kept on purpose (see errors.ami)
    reply.error(`Unable to retrieve endpoint ${name}\n`);
    return;
  }
  reply.listStart('Following are Events for each object associated with the Endpoint');
  reply.item(
    [
      ['Event', 'EndpointDetail'],
      ['ObjectType', 'endpoint'],
      ['ObjectName', e.name],
      ['Context', 'from-internal'],
      ['Aors', e.name],
      ['Auth', e.name],
      ['Transport', e.transport],
      ['Webrtc', e.webrtc ? 'true' : 'false'],
      ['DeviceState', DEVICE_STATE_TEXT[ctx.model.endpointDeviceState(e.name)] ?? 'Unknown'],
      ['ActiveChannels', String(activeChannels(ctx.model, e.name))],
    ],
    'first',
  );
  reply.listComplete('EndpointDetailComplete', 1);
};

// res/res_pjsip/pjsip_options.c ami_show_contacts: with no contact registered,
// astman_send_error(s, m, "No Contacts found\n") - Error, not an empty list (seen on a live Asterisk
// 22.10.1 too), and the message ends with a bare LF like PJSIPShowEndpoint's.
const pjsipShowContacts: Handler = (ctx, _action, reply) => {
  if (ctx.model.contacts.size === 0) {
    reply.error('No Contacts found\n');
    return;
  }
  reply.listStart('A listing of Contacts follows, presented as ContactList events');
  const contacts = [...ctx.model.contacts.values()];
  for (const c of contacts) {
    reply.item(
      [
        ['Event', 'ContactList'],
        ['ObjectType', 'contact'],
        ['ObjectName', c.id],
        ['ViaAddr', c.viaAddr],
        ['QualifyTimeout', '3.000000'],
        ['Qualify2xxOnly', 'false'],
        ['CallId', c.callId],
        ['RegServer', ''],
        ['PruneOnBoot', 'no'],
        ['Path', ''],
        ['Endpoint', c.endpoint],
        ['ViaPort', String(c.viaPort)],
        ['AuthenticateQualify', 'no'],
        ['Uri', c.uri],
        ['QualifyFrequency', '10'],
        ['UserAgent', c.userAgent],
        ['ExpirationTime', String(c.expiresAt)],
        ['OutboundProxy', ''],
        ['Status', c.status === 'NonQualified' ? 'Unknown' : c.status],
        ['RoundtripUsec', String(c.roundtripUsec)],
      ],
      'first',
    );
  }
  reply.listComplete('ContactListComplete', contacts.length);
};

// res/res_pjsip_registrar.c ami_show_registration_contact_statuses: listack first, always, so no
// contact gives an empty list (unlike PJSIPShowContacts).
const pjsipContactStatuses: Handler = (ctx, _action, reply) => {
  reply.listStart('Following are ContactStatusEvents for each Inbound registration');
  const contacts = [...ctx.model.contacts.values()];
  for (const c of contacts) {
    reply.item(
      [
        ['Event', 'ContactStatusDetail'],
        ['AOR', c.endpoint],
        ['URI', c.uri],
        ['UserAgent', c.userAgent],
        ['RegExpire', String(c.expiresAt)],
        ['ViaAddress', `${c.viaAddr}:${c.viaPort}`],
        ['CallID', c.callId],
        ['Status', c.status === 'NonQualified' ? 'Unknown' : c.status],
        ['RoundtripUsec', String(c.roundtripUsec)],
        ['EndpointName', c.endpoint],
        ['ID', c.id],
        ['AuthenticateQualify', '0'],
        ['OutboundProxy', ''],
        ['Path', ''],
        ['QualifyFrequency', '10'],
        ['QualifyTimeout', '3.000'],
        ['Qualify2xxOnly', '0'],
      ],
      'first',
    );
  }
  reply.listComplete('ContactStatusDetailComplete', contacts.length);
};

// apps/app_agent_pool.c action_agents: listack first, always.
const agents: Handler = (ctx, _action, reply) => {
  reply.listStart('Agents will follow');
  const pool = ctx.model.topology.poolAgents;
  for (const a of pool)
    reply.item(
      [
        ['Event', 'Agents'],
        ['Agent', a.id],
        ['Name', a.name],
        ['Status', 'AGENT_LOGGEDOFF'],
      ],
      'last',
    );
  reply.listComplete('AgentsComplete', pool.length);
};

const queuePause: Handler = (ctx, action, reply) => {
  const iface = action.get('Interface');
  const pausedRaw = action.get('Paused');
  if (!iface || pausedRaw === undefined) {
    reply.error("Need 'Interface' and 'Paused' parameters.");
    return;
  }
  const queue = action.get('Queue') || undefined;
  const targets = ctx.model
    .membersOf(iface)
    .filter((m) => m.interface === iface && (!queue || m.queue === queue));
  if (targets.length === 0) {
    reply.error('Interface not found');
    return;
  }
  const paused = isTrue(pausedRaw);
  reply.success([['Message', paused ? 'Interface paused successfully' : 'Interface unpaused successfully']]);
  ctx.model.pauseMember(iface, paused, action.get('Reason') ?? '', queue);
};

const queueAdd: Handler = (ctx, action, reply) => {
  const queue = action.get('Queue');
  const iface = action.get('Interface');
  if (!queue) return reply.error("'Queue' not specified.");
  if (!iface) return reply.error("'Interface' not specified.");
  const q = ctx.model.queues.get(queue);
  if (!q) return reply.error('Unable to add interface to queue: No such queue');
  if (q.members.some((m) => m.interface === iface))
    return reply.error('Unable to add interface: Already there');
  reply.success([['Message', 'Added interface to queue']]);
  ctx.model.addMember(queue, iface, {
    name: action.get('MemberName'),
    stateInterface: action.get('StateInterface'),
    penalty: Number(action.get('Penalty') ?? 0) || 0,
    paused: isTrue(action.get('Paused')),
    reason: action.get('Reason'),
  });
};

const queueRemove: Handler = (ctx, action, reply) => {
  const queue = action.get('Queue');
  const iface = action.get('Interface');
  if (!queue || !iface) return reply.error("Need 'Queue' and 'Interface' parameters.");
  const q = ctx.model.queues.get(queue);
  if (!q) return reply.error('Unable to remove interface: No such queue');
  const m = q.members.find((x) => x.interface === iface);
  if (!m) return reply.error('Unable to remove interface: Not there');
  if (!m.dynamic) return reply.error('Member not dynamic');
  reply.success([['Message', 'Removed interface from queue']]);
  ctx.model.removeMember(queue, iface);
};

const queuePenalty: Handler = (ctx, action, reply) => {
  const iface = action.get('Interface');
  const penalty = action.get('Penalty');
  if (!iface) return reply.error("'Interface' not specified.");
  if (penalty === undefined || !/^\d+$/.test(penalty)) return reply.error("'Penalty' not specified.");
  const queue = action.get('Queue') || undefined;
  if (
    ctx.model.membersOf(iface).filter((m) => m.interface === iface && (!queue || m.queue === queue))
      .length === 0
  )
    return reply.error('Invalid interface, queuename or penalty');
  reply.success([['Message', 'Interface penalty set successfully']]);
  ctx.model.setPenalty(iface, Number(penalty), queue);
};

const originate: Handler = (ctx, action, reply) => {
  const channel = action.get('Channel');
  if (!channel) return reply.error('Channel not specified');
  const variables: [string, string][] = [];
  for (const raw of action.getAll('Variable')) {
    for (const part of raw.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) variables.push([part.slice(0, eq).trim(), part.slice(eq + 1)]);
    }
  }
  const req = {
    channel,
    application: action.get('Application'),
    data: action.get('Data'),
    context: action.get('Context'),
    exten: action.get('Exten'),
    callerId: action.get('CallerID'),
    variables,
    actionId: reply.id,
    channelId: action.get('ChannelId') || undefined,
    timeoutMs: Number(action.get('Timeout')) > 0 ? Number(action.get('Timeout')) : undefined,
  };
  if (!ctx.model.canOriginate(channel)) return reply.error('Originate failed');
  reply.success([['Message', 'Originate successfully queued']]);
  ctx.model.originate(req);
};

const hangup: Handler = (ctx, action, reply) => {
  const channel = action.get('Channel') ?? '';
  const re = /^\/(.*)\/$/.exec(channel);
  const names = re
    ? [...ctx.model.channels.keys()].filter((n) => new RegExp(re[1]).test(n))
    : ctx.model.channels.has(channel)
      ? [channel]
      : [];
  if (names.length === 0) return reply.error('No such channel');
  reply.success([['Message', 'Channel Hungup']]);
  for (const n of names) ctx.model.hangupChannel(n);
};

const redirect: Handler = (ctx, action, reply) => {
  const channel = action.get('Channel') ?? '';
  const exten = action.get('Exten');
  const context = action.get('Context');
  if (!channel) return reply.error('Channel not specified');
  if (!exten || !context) return reply.error('Exten not specified');
  if (!ctx.model.channels.has(channel)) return reply.error(`Channel does not exist: ${channel}`);
  reply.success([['Message', 'Redirect successful']]);
  ctx.model.redirect(channel, context, exten);
};

const ping: Handler = (ctx, _action, reply) => {
  const micros = Math.floor(ctx.model.clock.now() * 1000);
  reply.success([
    ['Ping', 'Pong'],
    ['Timestamp', `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`],
  ]);
};

const events: Handler = (ctx, action, reply) => {
  const mask = action.get('EventMask') ?? 'off';
  ctx.setMask(mask);
  reply.success([['Events', ctx.session.mask.size > 0 ? 'On' : 'Off']]);
};

// Limits: only `Event: <name>` filters (include, or `!Event: <name>` to exclude); no regexes on other headers.
const filter: Handler = (ctx, action, reply) => {
  const op = (action.get('Operation') ?? 'Add').toLowerCase();
  const f = action.get('Filter') ?? '';
  const m = /^(!?)\s*Event:\s*(.+)$/i.exec(f);
  if (op !== 'add' || !m) return reply.error('Filter Not Supported by the simulator (only [!]Event: <name>)');
  (m[1] ? ctx.session.excludeEvents : ctx.session.includeEvents).add(m[2].trim().toLowerCase());
  reply.success([['Message', 'Filter Added Successfully']]);
};

const logoff: Handler = (ctx, _action, reply) => {
  reply.send([
    ['Response', 'Goodbye'],
    ...(reply.id !== undefined ? ([['ActionID', reply.id]] as AmiFields) : []),
    ['Message', 'Thanks for all the fish.'],
  ]);
  ctx.session.socket.end();
};

const HANDLERS: Record<string, Handler> = {
  login,
  logoff,
  ping,
  events,
  filter,
  queuestatus: queueStatus,
  queuesummary: queueSummary,
  coreshowchannels: coreShowChannels,
  devicestatelist: deviceStateList,
  pjsipshowendpoints: pjsipShowEndpoints,
  pjsipshowendpoint: pjsipShowEndpoint,
  pjsipshowcontacts: pjsipShowContacts,
  pjsipshowregistrationinboundcontactstatuses: pjsipContactStatuses,
  agents,
  status,
  queuepause: queuePause,
  queueadd: queueAdd,
  queueremove: queueRemove,
  queuepenalty: queuePenalty,
  originate,
  hangup,
  redirect,
};

export const SUPPORTED_ACTIONS = Object.keys(HANDLERS);

export const handleAmiAction = (ctx: ActionContext, action: AmiAction): void => {
  const reply = makeReplier(ctx, action);
  const key = action.name.toLowerCase();
  if (!ctx.session.authenticated && key !== 'login' && key !== 'logoff' && key !== 'challenge') {
    reply.error('Permission denied');
    return;
  }
  const handler = HANDLERS[key];
  if (handler) {
    handler(ctx, action, reply);
    return;
  }
  reply.error(
    `Invalid/unknown command: ${action.name}. Use Action: ListCommands to show available commands.`,
  );
  const now = ctx.model.clock.now();
  const event: AmiFields = [
    ['Event', 'RequestBadFormat'],
    ['Privilege', 'security,all'],
    ['EventTV', eventTv(now)],
    ['Severity', 'Error'],
    ['Service', 'AMI'],
    ['EventVersion', '1'],
    ['SessionID', ctx.session.sessionHex],
    ['LocalAddress', ctx.session.local],
    ['RemoteAddress', ctx.session.remote],
    ['RequestType', `Action: ${action.name}`],
    ['SessionTV', eventTv(ctx.session.connectedAt)],
    ['AccountID', ctx.session.username],
  ];
  ctx.server.broadcast(event);
};
