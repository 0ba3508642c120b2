import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AmiActionError,
  AmiClient,
  AmiConnectionClosedError,
  type AmiActionResult,
  type AmiOutgoingFields,
} from '@cc/ami';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { amiConfig, type AmiConfig } from '../config/ami.config';
import { ReadinessRegistry } from '../health/readiness.registry';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens';
import type { AmiActionOutcome, AmiActionPort } from './ami-action.port';
import { EmbeddedPbxService } from './embedded-pbx.service';

/** A list action's items, or Asterisk's `Error` answer. */
export type AmiListAnswer<T> = { ok: true; items: T[] } | { ok: false; message: string };

/**
 * This instance's own AMI session for actions, logged in with `Events: off`: it is up on every instance,
 * leader or not, so a feature's action goes straight to Asterisk from wherever it runs (docs/ami-actions.md
 * compares this with routing actions to the leader). It never carries events, so the event session of the
 * ingesting instance stays the only one Asterisk streams events to. The client reconnects by itself with
 * exponential backoff and jitter.
 */
@Injectable()
export class AmiActionSession implements AmiActionPort, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AmiActionSession.name);
  private client: AmiClient | null = null;
  private starting: Promise<void> | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly metrics: { sent: Counter<string>; seconds: Histogram<string> };

  constructor(
    @Inject(amiConfig.KEY) private readonly config: AmiConfig,
    private readonly embedded: EmbeddedPbxService,
    private readonly readiness: ReadinessRegistry,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.metrics = this.registerMetrics(registry);
  }

  onApplicationBootstrap(): void {
    this.readiness.register(
      'amiActions',
      async () => ({
        status: this.client?.status === 'connected' ? 'up' : 'down',
        details: { connection: this.client?.status ?? 'stopped' },
      }),
      // Reads keep working without AMI; only actions (pauses, originates) wait for it.
      { required: false },
    );
    this.starting = this.start().catch((error: unknown) => {
      this.logger.error(`AMI action session could not start: ${messageOf(error)}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.starting;
    const client = this.client;
    this.client = null;
    if (client) await client.stop();
  }

  get status(): string {
    return this.client?.status ?? 'stopped';
  }

  async send(action: AmiOutgoingFields, options: { timeoutMs?: number } = {}): Promise<AmiActionOutcome> {
    const name = String(action['Action'] ?? '?');
    const started = performance.now();
    const timeoutMs = options.timeoutMs ?? this.config.actionTimeoutMs;
    try {
      const result = await this.call(action, timeoutMs);
      this.metrics.sent.inc({ action: name, outcome: 'success' });
      return { success: true, message: result.response['Message'] ?? '' };
    } catch (error) {
      if (error instanceof AmiActionError) {
        this.metrics.sent.inc({ action: name, outcome: 'error' });
        return { success: false, message: error.message };
      }
      this.metrics.sent.inc({ action: name, outcome: 'failed' });
      throw error;
    } finally {
      this.metrics.seconds.observe({ action: name }, (performance.now() - started) / 1000);
    }
  }

  /**
   * A list action's items without the closing `…Complete` event. Asterisk answers some lists that have
   * nothing to list with `Response: Error` instead of an empty list (see `isEmptyListAnswer`): those
   * are empty lists here.
   */
  async list<T>(
    action: AmiOutgoingFields,
    decode: (frame: AmiActionResult['events'][number]) => T | null,
    timeoutMs = this.config.actionTimeoutMs,
  ): Promise<AmiListAnswer<T>> {
    try {
      const result = await this.call(action, timeoutMs);
      const items: T[] = [];
      for (const frame of result.events) {
        if (frame['EventList'] === 'Complete') continue;
        const item = decode(frame);
        if (item !== null) items.push(item);
      }
      return { ok: true, items };
    } catch (error) {
      if (!(error instanceof AmiActionError)) throw error;
      if (isEmptyListAnswer(String(action['Action'] ?? ''), error.response['Message']))
        return { ok: true, items: [] };
      return { ok: false, message: error.message };
    }
  }

  private async call(action: AmiOutgoingFields, timeoutMs: number): Promise<AmiActionResult> {
    const deadline = Date.now() + timeoutMs;
    const client = await this.connected(timeoutMs);
    return client.action(action, { timeoutMs: Math.max(1, deadline - Date.now()) });
  }

  // While the session reconnects, an action waits for it within its own timeout instead of failing at once.
  private async connected(timeoutMs: number): Promise<AmiClient> {
    const ready = () => (this.client?.status === 'connected' ? this.client : null);
    const now = ready();
    if (now) return now;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new AmiConnectionClosedError(`AMI action session not connected within ${timeoutMs} ms`));
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
    const client = ready();
    if (!client) throw new AmiConnectionClosedError('AMI action session not connected');
    return client;
  }

  private async start(): Promise<void> {
    const target = this.config.host
      ? { host: this.config.host, port: this.config.port }
      : await this.embedded.amiEndpoint();
    const client = new AmiClient({
      host: target.host,
      port: target.port,
      username: this.config.username,
      secret: this.config.secret,
      events: 'off',
      actionTimeoutMs: this.config.actionTimeoutMs,
      logger: {
        debug: (message) => this.logger.debug(message),
        info: (message) => this.logger.debug(message),
        warn: (message) => this.logger.warn(message),
        error: (message) => this.logger.error(message),
      },
    });
    client.onConnected((info) => {
      this.logger.log(`[ami-actions#${info.connectionSeq}] logged in to ${target.host}:${target.port}`);
      [...this.waiters].forEach((wake) => wake());
    });
    client.onError((error) => this.logger.warn(`AMI action session: ${error.message}`));
    this.client = client;
    client.start();
  }

  private registerMetrics(registry: Registry) {
    const up: Gauge = new Gauge({
      name: 'ami_action_session_up',
      help: '1 while the action-only AMI session of this instance is logged in',
      registers: [registry],
      collect: () => up.set(this.client?.status === 'connected' ? 1 : 0),
    });
    return {
      sent: new Counter({
        name: 'ami_actions_sent_total',
        help: 'AMI actions sent through the action port, by outcome (success, error answer, failed)',
        labelNames: ['action', 'outcome'],
        registers: [registry],
      }),
      seconds: new Histogram({
        name: 'ami_action_seconds',
        help: 'Time from an action handed to the port to its answer',
        labelNames: ['action'],
        registers: [registry],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      }),
    };
  }
}

/**
 * True when Asterisk's `Error` answer to a list action only means there is nothing to list. Asterisk 22's
 * res_pjsip `ami_show_contacts` answers PJSIPShowContacts with `Message: No Contacts found` when no
 * contact is registered (seen on Asterisk 22.10.1, issue 8); the other lists the rebuild sends
 * (QueueStatus, QueueSummary, CoreShowChannels, DeviceStateList) answer an empty list with `Success` and
 * an empty event list.
 * TODO: use `isEmptyListAnswer` from @cc/ami once wip/ami lands it, and delete this copy.
 */
export function isEmptyListAnswer(action: string, message: string | undefined): boolean {
  return action.toLowerCase() === 'pjsipshowcontacts' && message === 'No Contacts found';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
