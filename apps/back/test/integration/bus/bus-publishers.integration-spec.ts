import type { CallFacts, SystemAlertRaisedEvent } from '@cc/contracts';
import { BUS_SCHEMA_VERSION } from '@cc/contracts';
import type { ConsumeMessage } from 'amqplib';
import { BusService } from '../../../src/bus/bus.service';
import { AppEventBus } from '../../../src/events/app-event.bus';
import { createTestApp, type TestApp } from '../../support/test-app';
import {
  deleteBusTopology,
  TEST_RABBITMQ_URL,
  uniqueBusPrefix,
  waitFor,
  withChannel,
} from './bus-broker.test-support';

const RETRY_DELAYS = [200];

const CALL: CallFacts = {
  uniqueid: '1733130000.42',
  linkedid: '1733130000.42',
  queue: 'support',
  agentExtension: null,
  callerNumber: '+33612345678',
  callerName: 'Jeanne Martin',
  direction: 'inbound',
  enqueuedAt: '2026-12-02T08:00:00.000Z',
  answeredAt: null,
  endedAt: null,
  waitSeconds: null,
  ringSeconds: null,
  talkSeconds: null,
  holdSeconds: null,
  disposition: null,
};

describe('bus publishers', () => {
  const prefix = uniqueBusPrefix();
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        RABBITMQ_URL: TEST_RABBITMQ_URL,
        RABBITMQ_NAME_PREFIX: prefix,
        RABBITMQ_RETRY_DELAYS_MS: RETRY_DELAYS.join(','),
        SYSTEM_ALERT_AFTER_MS: '300',
      },
    });
    await app.app.get(BusService).whenConnected();
  });

  afterAll(async () => {
    await app?.close();
    await deleteBusTopology(prefix, RETRY_DELAYS);
  });

  it('publishes the call ledger events and agent status changes on vss.events in the old wire shape', async () => {
    const seen: ConsumeMessage[] = [];
    await withChannel(async (channel) => {
      // A queue of our own on vss.events, as another service would bind one.
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, `${prefix}vss.events`, 'call.*');
      await channel.bindQueue(queue, `${prefix}vss.events`, 'agent.status.*');
      await channel.consume(queue, (message) => void (message && seen.push(message)), { noAck: true });

      const events = app.app.get(AppEventBus);
      events.emit('call.started', CALL);
      events.emit('call.answered', {
        ...CALL,
        agentExtension: '1001',
        answeredAt: '2026-12-02T08:00:07.000Z',
        waitSeconds: 7,
      });
      events.emit('call.ended', {
        ...CALL,
        agentExtension: '1001',
        answeredAt: '2026-12-02T08:00:07.000Z',
        endedAt: '2026-12-02T08:03:07.000Z',
        waitSeconds: 7,
        talkSeconds: 180,
        disposition: 'answered',
      });
      events.emit('agent.status.changed', {
        extension: '1001',
        status: 'BREAK',
        previousStatus: 'ONLINE',
        reason: 'Coffee',
        source: 'manual',
        actor: 'user-1',
        statusChangedAt: '2026-12-02T08:05:00.000Z',
        nextStatus: null,
      });
      await waitFor(
        () => seen.length,
        (length) => length === 4,
      );
    });

    const bodies = seen.map((message) => JSON.parse(message.content.toString()) as Record<string, unknown>);
    expect(seen.map((message) => message.fields.routingKey)).toEqual([
      'call.start',
      'call.update',
      'call.end',
      'agent.status.changed',
    ]);
    expect(bodies[0]).toEqual({
      event: 'call.start',
      timestamp: '2026-12-02T08:00:00.000Z',
      call_id: '1733130000.42',
      linked_id: '1733130000.42',
      phone_number: '+33612345678',
      caller_name: 'Jeanne Martin',
      operator_id: null,
      queue: 'support',
      direction: 'inbound',
      status: 'ringing',
      answered_at: null,
      ended_at: null,
      wait_seconds: null,
      talk_seconds: null,
      disposition: null,
    });
    expect(bodies[2]).toMatchObject({
      event: 'call.end',
      timestamp: '2026-12-02T08:03:07.000Z',
      operator_id: '1001',
      talk_seconds: 180,
      disposition: 'answered',
    });
    expect(bodies[3]).toEqual({
      event: 'agent.status.changed',
      timestamp: '2026-12-02T08:05:00.000Z',
      operator_id: '1001',
      status: 'BREAK',
      previous_status: 'ONLINE',
      reason: 'Coffee',
      source: 'manual',
    });
    for (const message of seen) {
      expect(message.properties).toMatchObject({
        contentType: 'application/json',
        deliveryMode: 2,
        appId: 'callcenter-live',
        type: message.fields.routingKey,
        headers: { 'x-schema-version': BUS_SCHEMA_VERSION },
      });
      expect(message.properties.messageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof message.properties.timestamp).toBe('number');
    }
  });

  it('raises a critical system alert once AMI has been down for the configured time, and reaches every operator', async () => {
    const raised: SystemAlertRaisedEvent[] = [];
    const events = app.app.get(AppEventBus);
    const off = events.on('system.alert.raised', (event) => void raised.push(event));
    try {
      events.emit('ami.connection.changed', { state: 'down', at: new Date().toISOString() });
      // The alert goes out on vss.events, into vss.system.alerts, and back in through our consumer.
      await waitFor(
        () => raised.length,
        (length) => length === 1,
      );
      expect(raised[0]).toMatchObject({
        audience: 'operators',
        alert: { event: 'system.alert', severity: 'critical', source: 'callcenter-live/ami' },
      });
      expect(raised[0].alert.message).toMatch(/^Asterisk \(AMI\) unreachable since /);
      events.emit('ami.connection.changed', { state: 'up', at: new Date().toISOString() });
      await waitFor(
        () => raised.length,
        (length) => length === 2,
      );
      expect(raised[1]).toMatchObject({
        audience: 'admins',
        alert: { severity: 'info', source: 'callcenter-live/ami' },
      });
    } finally {
      off();
    }
  });
});
