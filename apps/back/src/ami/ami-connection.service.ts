import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  AmiClient,
  decodeAmiEvent,
  type AmiActionOptions,
  type AmiActionResult,
  type AmiClientStatus,
  type AmiConnectedInfo,
  type AmiLogger,
  type AmiMessage,
  type AmiOutgoingFields,
} from '@cc/ami';
import { Gauge, type Registry } from 'prom-client';
import { amiConfig, type AmiConfig } from '../config/ami.config';
import { AppEventBus } from '../events/app-event.bus';
import { ReadinessRegistry } from '../health/readiness.registry';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens';
import { EmbeddedPbxService } from './embedded-pbx.service';

/** Event classes we need; dialplan (VarSet, Newexten: ~60 % of a busy PBX's traffic) stays at the source. */
export const AMI_EVENT_MASK = 'system,call,agent';

type Listener<T> = (value: T) => void;

/**
 * The one AMI connection of this instance. It does not connect by itself: the live-status ingestion
 * connects it while this instance holds the ingestion lease, so only one instance talks to Asterisk.
 * Raw AMI messages leave this module only as `AmiMessage` values handed to subscribers.
 */
@Injectable()
export class AmiConnectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AmiConnectionService.name);
  private client: AmiClient | null = null;
  private readonly eventListeners = new Set<Listener<AmiMessage>>();
  private readonly connectedListeners = new Set<Listener<AmiConnectedInfo>>();
  private readonly statusListeners = new Set<Listener<AmiClientStatus>>();
  private target: { host: string; port: number } | null = null;

  constructor(
    @Inject(amiConfig.KEY) private readonly config: AmiConfig,
    private readonly embedded: EmbeddedPbxService,
    private readonly readiness: ReadinessRegistry,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
    private readonly bus: AppEventBus,
  ) {}

  onModuleInit(): void {
    this.readiness.register('ami', async () => {
      if (!this.client) return { status: 'disabled', details: { role: 'standby' } };
      const status = this.client.status;
      return {
        status: status === 'connected' ? 'up' : 'down',
        details: { connection: status, target: this.describeTarget(), ...this.client.stats },
      };
    });
    this.registerMetrics();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.disconnect();
  }

  get status(): AmiClientStatus {
    return this.client?.status ?? 'stopped';
  }

  get isConnected(): boolean {
    return this.client?.status === 'connected';
  }

  onEvent(listener: Listener<AmiMessage>): () => void {
    return this.subscribe(this.eventListeners, listener);
  }

  /** After every successful login: the point to rebuild state, since AMI never replays events. */
  onConnected(listener: Listener<AmiConnectedInfo>): () => void {
    return this.subscribe(this.connectedListeners, listener);
  }

  onStatus(listener: Listener<AmiClientStatus>): () => void {
    return this.subscribe(this.statusListeners, listener);
  }

  async connect(): Promise<void> {
    if (this.client) return;
    this.target = await this.resolveTarget();
    const client = new AmiClient({
      host: this.target.host,
      port: this.target.port,
      username: this.config.username,
      secret: this.config.secret,
      events: AMI_EVENT_MASK,
      recordDir: this.config.recordDir ?? undefined,
      logger: this.amiLogger(),
    });
    client.onEvent((event) => {
      this.eventListeners.forEach((listener) => listener(event));
      this.publishTyped(event);
    });
    client.onConnected((info) => {
      this.logger.log(`[ami#${info.connectionSeq}] logged in to ${this.describeTarget()} (${info.banner})`);
      this.connectedListeners.forEach((listener) => listener(info));
      this.bus.emit('ami.connection.changed', { state: 'up', at: new Date().toISOString() });
    });
    let wasConnected = false;
    client.onStatus((status) => {
      this.statusListeners.forEach((listener) => listener(status));
      if (status === 'connected') wasConnected = true;
      else if (wasConnected) {
        wasConnected = false;
        this.bus.emit('ami.connection.changed', { state: 'down', at: new Date().toISOString() });
      }
    });
    client.onError((error) => this.logger.warn(`AMI: ${error.message}`));
    this.client = client;
    this.logger.log(`connecting to AMI at ${this.describeTarget()}`);
    client.start();
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.stop();
  }

  action(fields: AmiOutgoingFields, options?: AmiActionOptions): Promise<AmiActionResult> {
    if (!this.client) return Promise.reject(new Error('AMI is not connected on this instance'));
    return this.client.action(fields, options);
  }

  // Frames become typed events here, once, for the features; nobody listening costs one lookup per frame.
  private publishTyped(frame: AmiMessage): void {
    if (!this.bus.hasListeners('ami.event.received')) return;
    const event = decodeAmiEvent(frame);
    if (event) this.bus.emit('ami.event.received', event);
  }

  private async resolveTarget(): Promise<{ host: string; port: number }> {
    if (this.config.host) return { host: this.config.host, port: this.config.port };
    return this.embedded.amiEndpoint();
  }

  private describeTarget(): string {
    if (!this.target) return 'nowhere';
    const where = `${this.target.host}:${this.target.port}`;
    return this.config.embeddedSimulator ? `${where} (built-in PBX simulator)` : where;
  }

  private subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  private amiLogger(): AmiLogger {
    return {
      debug: (message) => this.logger.debug(message),
      info: (message) => this.logger.log(message),
      warn: (message) => this.logger.warn(message),
      error: (message) => this.logger.error(message),
    };
  }

  private registerMetrics(): void {
    // Read at scrape time from the live client, so nothing is counted twice across reconnects.
    const gauges: Array<[string, string, (client: AmiClient) => number]> = [
      [
        'ami_connection_up',
        '1 while the AMI connection of this instance is logged in',
        (c) => (c.status === 'connected' ? 1 : 0),
      ],
      ['ami_events_received', 'AMI events received by the current client', (c) => c.stats.eventsReceived],
      ['ami_reconnects', 'AMI reconnects of the current client', (c) => c.stats.reconnects],
      ['ami_action_timeouts', 'AMI actions that timed out', (c) => c.stats.actionTimeouts],
      ['ami_pending_actions', 'AMI actions waiting for an answer', (c) => c.stats.pendingActions],
    ];
    for (const [name, help, read] of gauges) {
      const gauge: Gauge = new Gauge({
        name,
        help,
        registers: [this.metrics],
        collect: () => gauge.set(this.client ? read(this.client) : 0),
      });
    }
  }
}
