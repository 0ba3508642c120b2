import { describeTopologyMismatch, parseTopologyMismatch } from './topology-mismatch';

// Messages as RabbitMQ 3.10 sends them (captured from the broker the integration tests use).
const TTL_DIFFERS =
  "Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message \"PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'vss.call.events' in vhost '/': received '86400000' but current is '1000'\"";
const ARG_MISSING_ON_BROKER =
  "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'vss.call.events' in vhost '/': received the value '10000' of type 'signedint' but current is none";
const ARG_WE_DO_NOT_DECLARE =
  "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'vss.pipeline.events' in vhost 'prod': received none but current is the value '1000' of type 'short'";
const EXCHANGE_TYPE =
  "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'vss.events' in vhost '/': received 'topic' but current is 'direct'";

describe('topology mismatch', () => {
  it('names the queue, the argument, our value and the broker value', () => {
    expect(parseTopologyMismatch(TTL_DIFFERS)).toEqual({
      kind: 'queue',
      name: 'vss.call.events',
      vhost: '/',
      argument: 'x-message-ttl',
      declared: '86400000',
      current: '1000',
    });
  });

  it('reads an argument the existing queue lacks and one we do not declare', () => {
    expect(parseTopologyMismatch(ARG_MISSING_ON_BROKER)).toMatchObject({ declared: '10000', current: null });
    expect(parseTopologyMismatch(ARG_WE_DO_NOT_DECLARE)).toMatchObject({
      vhost: 'prod',
      declared: null,
      current: '1000',
    });
  });

  it('tells how to fix a queue: delete it in its vhost and restart', () => {
    const mismatch = parseTopologyMismatch(TTL_DIFFERS);
    expect(mismatch && describeTopologyMismatch(mismatch)).toBe(
      "queue 'vss.call.events' in vhost '/' exists with x-message-ttl=1000, but this service declares x-message-ttl=86400000; " +
        "drain or move its messages if they matter, then delete it (rabbitmqctl delete_queue 'vss.call.events' --vhost '/') and restart this service, which re-creates it",
    );
  });

  it('tells how to fix an exchange of another type', () => {
    const mismatch = parseTopologyMismatch(EXCHANGE_TYPE);
    expect(mismatch && describeTopologyMismatch(mismatch)).toContain(
      "exchange 'vss.events' in vhost '/' exists with type=direct, but this service declares type=topic",
    );
  });

  it('returns null for other channel errors', () => {
    expect(parseTopologyMismatch('NOT_FOUND - no exchange vss.events')).toBeNull();
  });
});
