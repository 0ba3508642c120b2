/**
 * The progressive autodialer: campaigns, leads, attempts, do-not-call list. REST bodies under
 * /api/autodialer and the `dialer:*` pushes use these shapes.
 */

export const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'stopped'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Where a lead is: waiting its turn, being dialled, talking to an agent, waiting for a retry, or finished. */
export const LEAD_STATES = [
  'queued',
  'dialling',
  'connected',
  'retry_wait',
  'done',
  'failed',
  'dnc',
  'cancelled',
] as const;
export type LeadState = (typeof LEAD_STATES)[number];

/**
 * How one attempt ended. `dnc` and `outside_window` are recorded without dialling; `agent_no_answer`
 * (the reserved agent did not pick up) never rang the lead either.
 */
export const ATTEMPT_OUTCOMES = [
  'answered',
  'busy',
  'no_answer',
  'failed',
  'dnc',
  'outside_window',
  'agent_no_answer',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Outcomes after which the lead may be tried again (the campaign's delay for that outcome applies). */
export const RETRYABLE_OUTCOMES = ['busy', 'no_answer', 'failed'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

/** `HH:MM` in the lead's own time zone; `start` < `end` (a window never spans midnight). */
export interface CallingWindow {
  start: string;
  end: string;
}

export interface CreateCampaignRequest {
  name: string;
  /** The Asterisk queue whose agents take the calls. */
  queue: string;
  callingWindow: CallingWindow;
  /** Dials per lead at most (answered or not). */
  maxAttempts: number;
  /** Seconds before the next attempt, per outcome. */
  retryDelaysSeconds: Record<RetryableOutcome, number>;
  /** Calls in progress at once for this campaign at most (each also needs a free agent). */
  maxConcurrentCalls: number;
  /** IANA zone of leads that give none, e.g. `Europe/Paris`. */
  defaultTimeZone: string;
}

export interface LeadInput {
  phone: string;
  name?: string | null;
  /** 0..10; higher is dialled first. Default 5. */
  priority?: number;
  source?: string | null;
  /** IANA zone of the lead; default the campaign's. */
  timeZone?: string | null;
}

export interface RunCampaignRequest {
  leads: LeadInput[];
}

export interface CampaignProgress {
  leads: number;
  queued: number;
  dialling: number;
  connected: number;
  /** Waiting for a retry (their next attempt is scheduled). */
  retrying: number;
  failed: number;
  done: number;
  doNotCall: number;
  cancelled: number;
  attempts: number;
  /** Attempts per outcome. */
  outcomes: Record<AttemptOutcome, number>;
  /** Abandoned calls / answered calls: a lead who answered with no agent on the line. Ours is 0 by design. */
  abandonRate: number;
}

export interface CampaignResponse extends CreateCampaignRequest {
  id: string;
  state: CampaignState;
  createdAt: string;
  progress: CampaignProgress;
}

export interface LeadAttemptResponse {
  attempt: number;
  outcome: AttemptOutcome | null;
  agentExtension: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface RunCampaignResponse {
  campaignId: string;
  /** Leads added by this request (numbers on the do-not-call list included: they are recorded, not dialled). */
  accepted: number;
  /** Leads already in the campaign (same phone), not added again. */
  duplicates: number;
}

export interface AddDoNotCallRequest {
  phone: string;
  reason?: string | null;
}

/** Payload of the in-process `dialer.campaign.progressed` event and the `dialer:progress` push. */
export interface DialerCampaignProgressedEvent {
  campaignId: string;
  state: CampaignState;
  progress: CampaignProgress;
}
