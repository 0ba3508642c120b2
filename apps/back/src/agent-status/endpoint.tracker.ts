import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AmiEvent } from '@cc/ami';
import { agentStatusConfig, type AgentStatusConfig } from '../config/agent-status.config';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { AgentStatusService } from './agent-status.service';
import { AgentStatusError } from './domain/agent-status.errors';
import {
  contactStatusObservation,
  deviceStateObservation,
  extensionOfDevice,
  NEW_ENDPOINT_TRACK,
  observeEndpoint,
  settleEndpoint,
  type EndpointObservation,
  type EndpointTrack,
} from './domain/endpoint-debounce';
import { PerAgentQueue } from './per-agent.queue';

/**
 * SIP endpoint gone -> the agent OFFLINE (`Auto: SIP not registered`); back -> the status before it,
 * when that OFFLINE was automatic. Event-driven (ContactStatus, DeviceStateChange) with a debounce
 * of ENDPOINT_DEBOUNCE_MS, so a flapping network does not flap the agent; the cron sync
 * (EndpointSyncCron) is the safety net for events that never came.
 */
@Injectable()
export class EndpointTracker implements OnApplicationShutdown {
  private readonly logger = new Logger(EndpointTracker.name);
  private readonly tracks = new Map<string, EndpointTrack>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue = new PerAgentQueue();

  constructor(
    private readonly agents: AgentStatusService,
    @Inject(agentStatusConfig.KEY) private readonly config: AgentStatusConfig,
  ) {}

  onApplicationShutdown(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }

  @OnAppEvent('ami.event.received')
  onAmiEvent(event: AmiEvent): void {
    if (event.type === 'ContactStatus') {
      const observation = contactStatusObservation(event.contactStatus);
      const extension = event.endpointName || event.aor;
      if (observation !== null && extension !== '') this.observe(extension, observation);
    } else if (event.type === 'DeviceStateChange') {
      const extension = extensionOfDevice(event.device);
      const observation = deviceStateObservation(event.state);
      if (extension !== null && observation !== null) this.observe(extension, observation);
    }
  }

  /** A verdict of the safety-net sync: already confirmed by polling, so it applies without debounce. */
  confirmed(extension: string, observation: EndpointObservation): Promise<void> {
    this.cancel(extension);
    this.tracks.set(extension, { settled: observation, pending: null });
    return this.act(extension, observation);
  }

  drain(): Promise<void> {
    return this.queue.drain();
  }

  private observe(extension: string, observation: EndpointObservation): void {
    const now = Date.now();
    const step = observeEndpoint(
      this.tracks.get(extension) ?? NEW_ENDPOINT_TRACK,
      observation,
      now,
      this.config.endpointDebounceMs,
    );
    this.tracks.set(extension, step.track);
    if (step.timer === 'cancel') {
      this.logger.debug(`[${extension}] endpoint back to ${step.track.settled} within the debounce: ignored`);
      this.cancel(extension);
    } else if (step.timer === 'start') {
      this.cancel(extension);
      this.timers.set(
        extension,
        setTimeout(() => this.settle(extension), Math.max(0, step.dueAt - now)),
      );
    }
  }

  private settle(extension: string): void {
    this.timers.delete(extension);
    const track = this.tracks.get(extension);
    if (!track) return;
    // The timer was started for this pending change; a timer firing a millisecond early must not drop it.
    const { track: settled, act } = settleEndpoint(track, Math.max(Date.now(), track.pending?.dueAt ?? 0));
    this.tracks.set(extension, settled);
    if (act !== null) void this.act(extension, act);
  }

  private act(extension: string, observation: EndpointObservation): Promise<void> {
    return this.queue.push(extension, async () => {
      try {
        const outcome = await this.agents.apply(extension, {
          type: observation === 'down' ? 'endpoint-lost' : 'endpoint-back',
        });
        if (outcome.statusChanged)
          this.logger.log(
            `[${extension}] endpoint ${observation === 'down' ? 'lost' : 'back'}: ${outcome.row.status}`,
          );
      } catch (error) {
        if (error instanceof AgentStatusError && error.code === 'unknown-agent') return;
        this.logger.error(`[${extension}] applying an endpoint change failed`, (error as Error).stack);
      }
    });
  }

  private cancel(extension: string): void {
    const timer = this.timers.get(extension);
    if (timer) clearTimeout(timer);
    this.timers.delete(extension);
  }
}
