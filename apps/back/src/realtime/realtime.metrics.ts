import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens';
import { LiveFanoutService } from './live-fanout.service';
import { RealtimeServer } from './realtime.server';

/** The gateway's figures on /metrics (this instance's sockets; broadcasts this instance sent). */
@Injectable()
export class RealtimeMetrics {
  readonly authFailures: Counter<'reason'>;
  readonly rateLimited: Counter;
  readonly disconnects: Counter<'reason'>;
  readonly resyncs: Counter;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    server: RealtimeServer,
    fanout: LiveFanoutService,
  ) {
    const sockets: Gauge = new Gauge({
      name: 'realtime_sockets',
      help: 'Socket.IO connections open on this instance',
      registers: [registry],
      collect: () => sockets.set(server.io?.of('/').sockets.size ?? 0),
    });
    const rooms: Gauge = new Gauge({
      name: 'realtime_rooms',
      help: 'Rooms with at least one socket on this instance (personal socket-id rooms excluded)',
      registers: [registry],
      collect: () => {
        const io = server.io;
        if (!io) return rooms.set(0);
        const nsp = io.of('/');
        let count = 0;
        for (const room of nsp.adapter.rooms.keys()) if (!nsp.sockets.has(room)) count++;
        rooms.set(count);
      },
    });
    const emitted: Gauge<'event'> = new Gauge({
      name: 'realtime_events_emitted',
      help: 'Broadcasts this instance sent, by event (one per broadcast, not per recipient)',
      labelNames: ['event'],
      registers: [registry],
      collect: () => {
        for (const [event, count] of server.emittedCounts()) emitted.set({ event }, count);
      },
    });
    const live: Gauge<'outcome'> = new Gauge({
      name: 'realtime_live_changes_not_sent',
      help: 'Live-state changes not sent as such: coalesced (a later value went instead) or dropped (no base yet)',
      labelNames: ['outcome'],
      registers: [registry],
      collect: () => {
        const { coalesced, dropped } = fanout.counters;
        live.set({ outcome: 'coalesced' }, coalesced);
        live.set({ outcome: 'dropped' }, dropped);
      },
    });
    const liveSent: Gauge = new Gauge({
      name: 'realtime_live_changes_sent',
      help: 'Live-state changes this instance published in live:batch messages (once per room they went to)',
      registers: [registry],
      collect: () => liveSent.set(fanout.counters.published),
    });
    this.authFailures = new Counter({
      name: 'realtime_auth_failures_total',
      help: 'Refused socket authentications, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.rateLimited = new Counter({
      name: 'realtime_rate_limited_total',
      help: 'Client events refused by the per-socket rate limit',
      registers: [registry],
    });
    this.disconnects = new Counter({
      name: 'realtime_forced_disconnects_total',
      help: 'Sockets the server closed, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.resyncs = new Counter({
      name: 'realtime_resyncs_total',
      help: 'Fresh snapshots clients asked for after a hole or a lost session',
      registers: [registry],
    });
  }
}
