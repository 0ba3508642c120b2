import type { AmiEvent } from '@cc/ami';
import { type AttemptOutcome, BUS_ROUTING_KEYS, type CallBusEvent } from '@cc/contracts';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { dialerConfig, type DialerConfig } from '../config/dialer.config';
import { OnAppEvent } from '../events/on-app-event.decorator';
import { type AttemptRow, type CampaignRow, DialerRepository } from './adapters/dialer.repository';
import { DialerAgents } from './dialer-agents';
import { DialerService } from './dialer.service';
import {
  agentAnswered,
  nextStepAfter,
  outcomeOfDialStatus,
  outcomeOfHangupCause,
} from './domain/dial-outcome';

// An Originate unanswered this long after the agent's ring time was lost (AMI gone, Asterisk restarted).
const ORIGINATE_GRACE_MS = 30_000;
const DUE_LEADS_PER_TICK = 200;

/** Runs the given tasks one after the other, in the order given. */
function serialRunner(): (task: () => Promise<void>) => void {
  let last: Promise<void> = Promise.resolve();
  return (task) => {
    last = last.then(task);
  };
}

const agentOfChannel = (channel: string): string | null => /^PJSIP\/([^-/]+)-/.exec(channel)?.[1] ?? null;

/**
 * Follows each dialer call through Asterisk's events (OriginateResponse: did the agent answer; DialEnd:
 * how the lead's leg went; Hangup: the end), records the outcome, releases the agent and schedules the
 * lead's next attempt. Its tick publishes leads whose retry is due and ends attempts Asterisk lost.
 */
@Injectable()
export class DialerCallTracker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DialerCallTracker.name);
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly inOrder = serialRunner();

  constructor(
    private readonly repository: DialerRepository,
    private readonly agents: DialerAgents,
    private readonly dialer: DialerService,
    @Inject(dialerConfig.KEY) private readonly config: DialerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.tickMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  @OnAppEvent('ami.event.received')
  onAmiEvent(event: AmiEvent): void {
    if (event.type !== 'OriginateResponse' && event.type !== 'DialEnd' && event.type !== 'Hangup') return;
    // One at a time, in the order received: a Hangup must find what its DialEnd recorded.
    this.inOrder(() =>
      this.follow(event).catch((error: unknown) =>
        this.logger.error(
          `following ${event.type} failed`,
          error instanceof Error ? error.stack : String(error),
        ),
      ),
    );
  }

  /** Ends an attempt once: outcome, lead's next step, agent released, call.end published. */
  async endAttempt(attempt: AttemptRow, campaign: CampaignRow, fallback: AttemptOutcome): Promise<void> {
    const now = new Date();
    const ended = await this.repository.finishAttempt(attempt.id, fallback, (outcome, lead) =>
      nextStepAfter(
        outcome,
        lead.dials,
        { maxAttempts: campaign.maxAttempts, retryDelaysSeconds: campaign.retryDelays },
        now,
      ),
    );
    if (attempt.agentExtension && attempt.channelId)
      await this.agents.release(attempt.agentExtension, attempt.channelId);
    if (!ended) return;
    this.logger.log(
      `[${ended.lead.id}] attempt ${ended.attempt.attempt} ended: ${ended.outcome}; lead ${ended.lead.state}`,
    );
    if (ended.attempt.dialled) {
      const end: CallBusEvent = {
        event: 'call.end',
        timestamp: now.toISOString(),
        call_id: attempt.channelId ?? String(attempt.id),
        linked_id: attempt.uniqueid,
        phone_number: ended.lead.phone,
        caller_name: ended.lead.name,
        operator_id: attempt.agentExtension,
        queue: campaign.queue,
        direction: 'outbound',
        status: 'ended',
        answered_at: null,
        ended_at: now.toISOString(),
        wait_seconds: null,
        talk_seconds: null,
        disposition: ended.outcome === 'answered' ? 'answered' : 'failed',
        lead_id: ended.lead.id,
        campaign_id: campaign.id,
      };
      this.dialer.publishCall(BUS_ROUTING_KEYS.callEnd, end);
    }
    await this.dialer.emitProgress(campaign.id);
  }

  private async follow(event: AmiEvent): Promise<void> {
    switch (event.type) {
      case 'OriginateResponse': {
        const attempt = await this.repository.openAttemptFor(event.uniqueid, agentOfChannel(event.channel));
        if (!attempt) return;
        if (agentAnswered(event.reason)) {
          await this.repository.markAgentAnswered(attempt.id, event.uniqueid);
          return;
        }
        await this.end(attempt, 'agent_no_answer');
        return;
      }
      case 'DialEnd': {
        // Agent first, the agent's channel is the one dialling the lead. The OriginateResponse may reach
        // us after this (it can come on another AMI session), so the agent's channel name finds the
        // attempt too, and a Dial proves the agent answered.
        const caller = event.channel;
        if (!caller) return;
        const attempt = await this.repository.openAttemptFor(caller.uniqueid, agentOfChannel(caller.name));
        if (!attempt) return;
        if (!attempt.dialled) await this.repository.markAgentAnswered(attempt.id, caller.uniqueid);
        await this.repository.recordDialResult(attempt.id, outcomeOfDialStatus(event.dialStatus));
        return;
      }
      case 'Hangup': {
        const attempt = await this.repository.openAttemptFor(event.channel.uniqueid, null);
        // Before the agent answered, the OriginateResponse that follows says what happened.
        if (attempt?.dialled) await this.end(attempt, outcomeOfHangupCause(event.cause));
        return;
      }
      default:
        return;
    }
  }

  private async end(attempt: AttemptRow, fallback: AttemptOutcome): Promise<void> {
    const campaign = await this.repository.campaign(attempt.campaignId);
    if (campaign) await this.endAttempt(attempt, campaign, fallback);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const lead of await this.repository.takeDueLeads(DUE_LEADS_PER_TICK)) {
        await this.dialer.publishLead(lead);
      }
      const lost = await this.repository.staleAttempts(
        this.config.agentRingSeconds * 1000 + ORIGINATE_GRACE_MS,
      );
      for (const attempt of lost) {
        this.logger.warn(
          `[${attempt.leadId}] attempt ${attempt.attempt}: no answer to the Originate; ending it`,
        );
        await this.end(attempt, 'failed');
      }
    } catch (error) {
      this.logger.warn(`dialer tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.ticking = false;
    }
  }
}
