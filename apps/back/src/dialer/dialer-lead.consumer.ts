import { BUS_QUEUES, BUS_ROUTING_KEYS, type CallBusEvent } from '@cc/contracts';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AMI_ACTION_PORT, type AmiActionPort } from '../ami/ami-action.port';
import type { BusMessageHandler } from '../bus/adapters/queue-consumer';
import { PoisonMessageError } from '../bus/domain/delivery-failure';
import { dialerConfig, type DialerConfig } from '../config/dialer.config';
import {
  type AttemptRow,
  type CampaignRow,
  DialerRepository,
  type LeadRow,
} from './adapters/dialer.repository';
import { DialerAgents } from './dialer-agents';
import { DialerCallTracker } from './dialer-call.tracker';
import { DialerService } from './dialer.service';
import { checkCallingWindow } from './domain/calling-window';
import { dialerOriginateAction } from './domain/dialer-originate';
import { parseLeadCommand } from './domain/lead-command';

const ORIGINATE_TIMEOUT_MS = 10_000;

/**
 * Takes leads from vss.autodial.leads. A lead is dialled only once an agent of the campaign's queue is
 * reserved for it; until then it waits, woken when an agent may have become free (no hot loop), and
 * after DIALER_MAX_WAIT_MS it is put back for the scheduler. Agent first, so nobody who answers waits
 * for an agent.
 */
@Injectable()
export class DialerLeadConsumer implements BusMessageHandler, OnModuleInit, OnApplicationShutdown {
  readonly queue = BUS_QUEUES.autodialLeads;
  private readonly logger = new Logger(DialerLeadConsumer.name);
  // One waiting lead per queue on this instance: the others queue behind it in arrival (priority) order.
  private readonly queueTurns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repository: DialerRepository,
    private readonly dialer: DialerService,
    private readonly agents: DialerAgents,
    private readonly tracker: DialerCallTracker,
    @Inject(dialerConfig.KEY) private readonly config: DialerConfig,
    @Optional() @Inject(AMI_ACTION_PORT) private readonly ami: AmiActionPort | null,
  ) {}

  private closing = false;

  onModuleInit(): void {
    this.dialer.consumeLeads(this);
  }

  // Waiting leads stop waiting: unacked, the broker gives them to another instance.
  onApplicationShutdown(): void {
    this.closing = true;
  }

  async handle(body: unknown): Promise<void> {
    const command = parseLeadCommand(body);
    const lead = await this.repository.lead(command.lead_id);
    if (!lead) throw new PoisonMessageError(`unknown lead ${command.lead_id}`);
    // Anything but queued: a second copy of a lead already taken, or one cancelled meanwhile.
    if (lead.state !== 'queued') return;
    const campaign = await this.repository.campaign(lead.campaignId);
    // Paused: the lead stays queued and is published again when the campaign runs again.
    if (!campaign || campaign.state !== 'running') return;

    if (await this.repository.isDoNotCall(lead.phone)) {
      await this.repository.recordUndialledAttempt(lead.id, 'dnc', { state: 'dnc', nextAttemptAt: null });
      this.logger.log(`[${lead.id}] ${lead.phone} is on the do-not-call list: not dialled`);
      await this.dialer.emitProgress(campaign.id);
      return;
    }
    const window = checkCallingWindow(new Date(), lead.timeZone, {
      start: campaign.windowStart,
      end: campaign.windowEnd,
    });
    if (!window.open) {
      await this.repository.recordUndialledAttempt(lead.id, 'outside_window', {
        state: 'retry_wait',
        nextAttemptAt: window.opensAt,
      });
      await this.dialer.emitProgress(campaign.id);
      return;
    }
    if (!this.ami) throw new Error('no AMI action port on this instance');

    const started = await this.inTurn(campaign.queue, () => this.reserveAndStart(lead, campaign));
    if (started) await this.originate(started.attempt, started.lead, campaign);
  }

  private async inTurn<T>(queue: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queueTurns.get(queue) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.queueTurns.set(queue, settled);
    void settled.then(() => {
      if (this.queueTurns.get(queue) === settled) this.queueTurns.delete(queue);
    });
    return run;
  }

  private async reserveAndStart(
    lead: LeadRow,
    campaign: CampaignRow,
  ): Promise<{ attempt: AttemptRow; lead: LeadRow } | null> {
    const channelId = `dialer-${randomUUID()}`;
    const deadline = Date.now() + this.config.maxWaitMs;
    for (;;) {
      const mark = this.agents.mark();
      const result = await this.repository.startAttempt(lead.id, campaign, channelId, () =>
        this.agents.reserve(campaign.queue, channelId),
      );
      if (result.kind === 'started') return result;
      if (result.kind === 'not-queued' || this.closing) return null;
      const current = await this.repository.campaign(campaign.id);
      if (!current || current.state !== 'running') return null;
      if (Date.now() >= deadline) {
        // Nobody free for a while: hand the lead to the scheduler (it comes back next tick) and ack.
        await this.repository.deferLead(lead.id, new Date());
        return null;
      }
      await this.agents.nextChance(this.config.tickMs, mark);
    }
  }

  private async originate(attempt: AttemptRow, lead: LeadRow, campaign: CampaignRow): Promise<void> {
    const agent = attempt.agentExtension ?? '';
    const channelId = attempt.channelId ?? '';
    this.logger.log(
      `[${lead.id}] attempt ${attempt.attempt}: agent ${agent} reserved, originating to ${lead.phone}`,
    );
    // Without it the agent's wrap-up after this call would be the default for direct calls, not the queue's.
    await this.agents
      .callOfQueue(channelId, campaign.queue)
      .catch((error: unknown) =>
        this.logger.warn(`[${lead.id}] agent status not told the call's queue: ${String(error)}`),
      );
    let failure: string | null = null;
    try {
      const outcome = await this.ami?.send(
        dialerOriginateAction({
          agentExtension: agent,
          phone: lead.phone,
          leadName: lead.name,
          context: this.config.outboundContext,
          channelId,
          agentRingSeconds: this.config.agentRingSeconds,
          variables: {
            CC_LEAD_ID: lead.id,
            CC_CAMPAIGN_ID: campaign.id,
            CC_ATTEMPT: String(attempt.attempt),
          },
        }),
        { timeoutMs: ORIGINATE_TIMEOUT_MS },
      );
      if (outcome && !outcome.success) failure = outcome.message;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (failure !== null) {
      this.logger.warn(`[${lead.id}] Originate refused: ${failure}`);
      await this.tracker.endAttempt(attempt, campaign, 'failed');
      return;
    }
    const start: CallBusEvent = {
      event: 'call.start',
      timestamp: new Date().toISOString(),
      call_id: channelId,
      linked_id: null,
      phone_number: lead.phone,
      caller_name: lead.name,
      operator_id: agent,
      queue: campaign.queue,
      direction: 'outbound',
      status: 'ringing',
      answered_at: null,
      ended_at: null,
      wait_seconds: null,
      talk_seconds: null,
      disposition: null,
      lead_id: lead.id,
      campaign_id: campaign.id,
    };
    this.dialer.publishCall(BUS_ROUTING_KEYS.callStart, start);
    await this.dialer.emitProgress(campaign.id);
  }
}
