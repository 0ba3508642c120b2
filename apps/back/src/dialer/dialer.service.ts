import {
  type AutodialLeadCommand,
  BUS_ROUTING_KEYS,
  type CallBusEvent,
  type CampaignResponse,
  type CreateCampaignRequest,
  type LeadInput,
  type RunCampaignResponse,
} from '@cc/contracts';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AMI_ACTION_PORT, type AmiActionPort } from '../ami/ami-action.port';
import type { BusMessageHandler } from '../bus/adapters/queue-consumer';
import { BusService } from '../bus/bus.service';
import { AppEventBus } from '../events/app-event.bus';
import { type CampaignRow, DialerRepository, type LeadRow } from './adapters/dialer.repository';
import { DialerError, DialerErrorCode } from './domain/dialer.errors';

// A lead whose publish failed (broker away and buffer full) is tried again by the scheduler after this.
const REPUBLISH_DELAY_MS = 5_000;

/** Campaigns: create, run (publish the leads), pause, stop, and their progress. */
@Injectable()
export class DialerService {
  private readonly logger = new Logger(DialerService.name);

  constructor(
    private readonly repository: DialerRepository,
    private readonly bus: BusService,
    private readonly events: AppEventBus,
    @Optional() @Inject(AMI_ACTION_PORT) private readonly ami: AmiActionPort | null,
  ) {}

  async create(input: CreateCampaignRequest, actor: string): Promise<CampaignResponse> {
    const campaign = await this.repository.createCampaign(input, actor);
    this.logger.log(
      `[${campaign.id}] campaign "${campaign.name}" on queue ${campaign.queue} created by ${actor}`,
    );
    return this.describe(campaign);
  }

  async list(): Promise<CampaignResponse[]> {
    return Promise.all((await this.repository.campaigns()).map((campaign) => this.describe(campaign)));
  }

  async get(id: string): Promise<CampaignResponse> {
    return this.describe(await this.campaignOrThrow(id));
  }

  /** Adds the leads and publishes every queued lead of the campaign (so a paused campaign resumes). */
  async run(id: string, leads: readonly LeadInput[], actor: string): Promise<RunCampaignResponse> {
    const campaign = await this.campaignOrThrow(id);
    if (campaign.state === 'stopped') {
      throw new DialerError(DialerErrorCode.CampaignStopped, 'the campaign is stopped; create a new one');
    }
    if (!this.bus.enabled) {
      throw new DialerError(DialerErrorCode.BusOff, 'the autodialer needs the event bus: set RABBITMQ_URL');
    }
    if (!this.ami) {
      throw new DialerError(
        DialerErrorCode.AmiUnavailable,
        'no AMI action port: this instance cannot originate',
      );
    }
    const added = await this.repository.addLeads(campaign, dedupeByPhone(leads));
    await this.repository.setCampaignState(campaign.id, 'running');
    const queued = await this.repository.leadsInState(campaign.id, 'queued');
    await Promise.all(queued.map((lead) => this.publishLead(lead)));
    this.logger.log(
      `[${campaign.id}] run by ${actor}: ${added.length} leads added, ${queued.length} queued leads published`,
    );
    await this.emitProgress(campaign.id);
    return { campaignId: campaign.id, accepted: added.length, duplicates: leads.length - added.length };
  }

  async pause(id: string, actor: string): Promise<CampaignResponse> {
    const campaign = await this.campaignOrThrow(id);
    if (campaign.state === 'stopped') {
      throw new DialerError(DialerErrorCode.CampaignStopped, 'the campaign is stopped');
    }
    await this.repository.setCampaignState(id, 'paused');
    this.logger.log(`[${id}] paused by ${actor}`);
    await this.emitProgress(id);
    return this.get(id);
  }

  async stop(id: string, actor: string): Promise<CampaignResponse> {
    await this.campaignOrThrow(id);
    await this.repository.setCampaignState(id, 'stopped');
    const cancelled = await this.repository.cancelPendingLeads(id);
    this.logger.log(`[${id}] stopped by ${actor}: ${cancelled} leads cancelled (calls in progress go on)`);
    await this.emitProgress(id);
    return this.get(id);
  }

  /** Publishes one lead to vss.autodial.leads with its priority; on failure the scheduler retries it. */
  async publishLead(lead: LeadRow): Promise<void> {
    const command: AutodialLeadCommand = {
      event: 'autodial.lead',
      timestamp: new Date().toISOString(),
      lead_id: lead.id,
      campaign_id: lead.campaignId,
      phone_number: lead.phone,
      priority: lead.priority,
    };
    try {
      await this.bus.publishCommand(BUS_ROUTING_KEYS.autodialLead, command, { priority: lead.priority });
    } catch (error) {
      this.logger.warn(
        `[${lead.id}] lead not published (${error instanceof Error ? error.message : String(error)}); retrying later`,
      );
      await this.repository.deferLead(lead.id, new Date(Date.now() + REPUBLISH_DELAY_MS));
    }
  }

  /** Subscribes the lead consumer to vss.autodial.leads (through the bus, which owns the channel). */
  consumeLeads(handler: BusMessageHandler): void {
    this.bus.consume(handler);
  }

  /** call.start / call.end of a dialer call, with lead_id and campaign_id, on vss.events. */
  publishCall(routingKey: string, event: CallBusEvent): void {
    this.bus
      .publishEvent(routingKey, event)
      .catch((error: unknown) =>
        this.logger.warn(`[${event.lead_id ?? event.call_id}] ${routingKey} not published: ${String(error)}`),
      );
  }

  async emitProgress(campaignId: string): Promise<void> {
    const campaign = await this.repository.campaign(campaignId);
    if (!campaign) return;
    this.events.emit('dialer.campaign.progressed', {
      campaignId,
      state: campaign.state,
      progress: await this.repository.progress(campaignId),
    });
  }

  private async campaignOrThrow(id: string): Promise<CampaignRow> {
    const campaign = await this.repository.campaign(id);
    if (!campaign) throw new DialerError(DialerErrorCode.CampaignNotFound, `no campaign ${id}`);
    return campaign;
  }

  private async describe(campaign: CampaignRow): Promise<CampaignResponse> {
    return {
      id: campaign.id,
      name: campaign.name,
      queue: campaign.queue,
      state: campaign.state,
      callingWindow: { start: campaign.windowStart, end: campaign.windowEnd },
      maxAttempts: campaign.maxAttempts,
      retryDelaysSeconds: campaign.retryDelays,
      maxConcurrentCalls: campaign.maxConcurrentCalls,
      defaultTimeZone: campaign.defaultTimeZone,
      createdAt: campaign.createdAt.toISOString(),
      progress: await this.repository.progress(campaign.id),
    };
  }
}

function dedupeByPhone(leads: readonly LeadInput[]): LeadInput[] {
  const seen = new Set<string>();
  return leads.filter((lead) => !seen.has(lead.phone) && seen.add(lead.phone));
}
