// The one place that spells the live-status Redis keys. The names come from the issue: dashboards and
// other services read them directly, so they must not drift.
//
//   {prefix}queue:operator:{memberId}     OperatorStatusData JSON (memberId = `{queue}:{interface}`)
//   {prefix}channel:{channelId}           ChannelStatusData JSON (channelId = Asterisk Uniqueid)
//   {prefix}queue:status:{queueName}      QueueStatusData JSON
//   {prefix}queue:operators:all           SET of every memberId
//   {prefix}channels:all                  SET of every channelId
//   {prefix}queues:all                    SET of every queueName
//   {prefix}queue:operators:{queueName}   SET of the memberIds of one queue (our name; the issue left it open)
//
// Known collision: a queue literally named `all` shares `queue:operators:all` with the global index.
// Readers of a queue's operators therefore filter on `value.queue`, so the collision only costs time.

export interface LiveStatusRedisKeys {
  readonly prefix: string;
  operator(memberId: string): string;
  channel(channelId: string): string;
  queueStatus(queueName: string): string;
  queueOperators(queueName: string): string;
  readonly allOperators: string;
  readonly allChannels: string;
  readonly allQueues: string;
  /** SCAN MATCH pattern that covers every key of ours (and maybe others' under the same prefix). */
  readonly scanPattern: string;
  /** True when `key` is one of the families above under our prefix. */
  isOwnKey(key: string): boolean;
}

const OPERATOR = 'queue:operator:';
const CHANNEL = 'channel:';
const QUEUE_STATUS = 'queue:status:';
const QUEUE_OPERATORS = 'queue:operators:';
const ALL_OPERATORS = 'queue:operators:all';
const ALL_CHANNELS = 'channels:all';
const ALL_QUEUES = 'queues:all';

const OWN_FAMILIES = [OPERATOR, CHANNEL, QUEUE_STATUS, QUEUE_OPERATORS];
const OWN_FIXED = [ALL_CHANNELS, ALL_QUEUES];

export function createLiveStatusRedisKeys(prefix = ''): LiveStatusRedisKeys {
  return {
    prefix,
    operator: (memberId) => `${prefix}${OPERATOR}${memberId}`,
    channel: (channelId) => `${prefix}${CHANNEL}${channelId}`,
    queueStatus: (queueName) => `${prefix}${QUEUE_STATUS}${queueName}`,
    queueOperators: (queueName) => `${prefix}${QUEUE_OPERATORS}${queueName}`,
    allOperators: `${prefix}${ALL_OPERATORS}`,
    allChannels: `${prefix}${ALL_CHANNELS}`,
    allQueues: `${prefix}${ALL_QUEUES}`,
    scanPattern: `${escapeRedisGlob(prefix)}*`,
    isOwnKey(key: string): boolean {
      if (!key.startsWith(prefix)) return false;
      const rest = key.slice(prefix.length);
      return (
        OWN_FIXED.includes(rest) ||
        OWN_FAMILIES.some((family) => rest.startsWith(family) && rest.length > family.length)
      );
    },
  };
}

/**
 * The queue part of a memberId (`sales:PJSIP/1001` -> `sales`). A memberId is `{queue}:{interface}` and an
 * interface starts with its technology (`PJSIP/`, `Local/`, `SIP/`), so the queue ends at the first colon
 * followed by `<technology>/`: a queue named `odd:name` still splits right. Without such a colon the split
 * is at the first colon.
 */
export function queueOfMemberId(memberId: string): string {
  const match = /:(?=[A-Za-z][A-Za-z0-9_-]*\/)/.exec(memberId);
  const colon = match ? match.index : memberId.indexOf(':');
  return colon < 0 ? memberId : memberId.slice(0, colon);
}

// SCAN MATCH treats * ? [ ] \ as glob syntax; a prefix is literal text.
export function escapeRedisGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
