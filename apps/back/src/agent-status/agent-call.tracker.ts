import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AmiChannelSnapshot, AmiEvent } from '@cc/ami';
import { agentStatusConfig, type AgentStatusConfig } from '../config/agent-status.config';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { AgentStatusRepository } from './adapters/agent-status.repository';
import { CallQueueAttributions } from './adapters/call-queue.redis';
import { AgentStatusService } from './agent-status.service';
import { AgentStatusError } from './domain/agent-status.errors';
import { PerAgentQueue } from './per-agent.queue';

// Channel state 6 = Up (channelstate.h): a channel hung up in it was a connected call.
const UP = 6;

/** `PJSIP/1001-0000000a` -> `1001`; null for Local, Queue and other non-phone channels. */
export function extensionOfChannel(name: string): string | null {
  const match = /^(?:PJSIP|SIP|IAX2)\/([^-/@]+)-[0-9a-f]+$/i.exec(name);
  return match ? match[1] : null;
}

/**
 * Calls -> ON_CALL and WRAP_UP. An agent's phone channel entering a bridge (direct calls, inbound or
 * outbound) or an AgentConnect (queue calls; it names the queue whose wrap-up applies) connects a
 * call; when the agent's last connected channel hangs up, the call has ended. Runs where AMI events
 * are ingested; the connected channels are held in memory, and a hangup of a connected channel we
 * did not see connect (a restart in between) still ends the call.
 */
@Injectable()
export class AgentCallTracker {
  private readonly logger = new Logger(AgentCallTracker.name);
  /** extension -> connected channel uniqueid -> queue (null for a direct call). */
  private readonly calls = new Map<string, Map<string, string | null>>();
  private readonly queue = new PerAgentQueue();

  constructor(
    private readonly agents: AgentStatusService,
    private readonly repository: AgentStatusRepository,
    private readonly attributions: CallQueueAttributions,
    @Inject(agentStatusConfig.KEY) private readonly config: AgentStatusConfig,
  ) {}

  @OnAppEvent('ami.event.received')
  onAmiEvent(event: AmiEvent): void {
    switch (event.type) {
      case 'AgentConnect':
        this.connected(event.agentChannel, event.queue);
        break;
      case 'BridgeEnter':
        this.connected(event.channel, null);
        break;
      case 'Hangup':
        this.hungUp(event.channel);
        break;
      default:
        break;
    }
  }

  /** Resolves once every call event so far has reached Postgres (tests). */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  private connected(channel: AmiChannelSnapshot, queue: string | null): void {
    const extension = extensionOfChannel(channel.name);
    if (extension === null) return;
    const calls = this.calls.get(extension) ?? new Map<string, string | null>();
    this.calls.set(extension, calls);
    const known = calls.has(channel.uniqueid);
    // AgentConnect names the queue of a channel BridgeEnter already reported.
    calls.set(channel.uniqueid, queue ?? calls.get(channel.uniqueid) ?? null);
    if (known || calls.size > 1) return;
    this.run(extension, () => this.agents.apply(extension, { type: 'call-connected' }));
  }

  private hungUp(channel: AmiChannelSnapshot): void {
    const extension = extensionOfChannel(channel.name);
    if (extension === null) return;
    const calls = this.calls.get(extension);
    const tracked = calls?.has(channel.uniqueid) ?? false;
    if (!tracked && (channel.state !== UP || (calls?.size ?? 0) > 0)) return;
    const queue = calls?.get(channel.uniqueid) ?? null;
    calls?.delete(channel.uniqueid);
    if (calls && calls.size > 0) return;
    this.calls.delete(extension);
    this.run(extension, async () => {
      const wrapUpSeconds = await this.wrapUpSeconds(queue ?? (await this.attributedQueue(channel)));
      await this.agents.apply(extension, { type: 'call-ended', wrapUpSeconds });
    });
  }

  // A dialer's call reaches the agent without Queue(): its queue was named when it was placed.
  private async attributedQueue(channel: AmiChannelSnapshot): Promise<string | null> {
    try {
      return await this.attributions.take(channel.uniqueid);
    } catch (error) {
      this.logger.warn(`[${channel.name}] queue of the call unknown (${(error as Error).message})`);
      return null;
    }
  }

  private async wrapUpSeconds(queue: string | null): Promise<number> {
    if (queue === null) return this.config.wrapUpDefaultSeconds;
    return (await this.repository.queueWrapUpSeconds(queue)) ?? this.config.wrapUpDefaultSeconds;
  }

  private run(extension: string, task: () => Promise<unknown>): void {
    void this.queue.push(extension, async () => {
      try {
        await task();
      } catch (error) {
        // Phones of people who are not agents (no user has the extension) make calls too.
        if (error instanceof AgentStatusError && error.code === 'unknown-agent') return;
        this.logger.error(`[${extension}] applying a call event failed`, (error as Error).stack);
      }
    });
  }
}
