import { BUS_QUEUES } from '@cc/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppEventBus } from '../events/app-event.bus';
import type { BusMessageHandler, DeliveryMeta } from './adapters/queue-consumer';
import { BusService } from './bus.service';
import { BUS_APP_ID } from './bus.tokens';
import { alertAudience } from './domain/bus-wire';
import { parseCallBusEvent, parseSystemAlert } from './domain/inbound-messages';

/**
 * vss.call.events and vss.system.alerts, turned into in-process events the realtime gateway relays
 * (`call:new/updated/ended`, alerts to a room by severity).
 */
@Injectable()
export class BusInboundHandlers implements OnModuleInit {
  constructor(
    private readonly bus: BusService,
    private readonly events: AppEventBus,
  ) {}

  onModuleInit(): void {
    this.bus.consume(this.callEvents);
    this.bus.consume(this.systemAlerts);
  }

  readonly callEvents: BusMessageHandler = {
    queue: BUS_QUEUES.callEvents,
    handle: async (body: unknown, meta: DeliveryMeta): Promise<void> => {
      const received = parseCallBusEvent(body);
      // Our own call.* come back on this queue; the gateway already has them from the call ledger.
      if (meta.appId === BUS_APP_ID) return;
      this.events.emit('bus.call.received', received);
    },
  };

  readonly systemAlerts: BusMessageHandler = {
    queue: BUS_QUEUES.systemAlerts,
    handle: async (body: unknown): Promise<void> => {
      const alert = parseSystemAlert(body);
      this.events.emit('system.alert.raised', { alert, audience: alertAudience(alert.severity) });
    },
  };
}
