import { Injectable, Logger } from '@nestjs/common';
import type { AgentStatus, AgentStatusSource, AgentStatusView } from '@cc/contracts';
import type { EntityManager } from 'typeorm';
import { AppEventBus } from '../events/app-event.bus';
import { AgentStatusRepository, type AgentRow, type HistoryQuery } from './adapters/agent-status.repository';
import { decideAgentTransition, type AgentInput } from './domain/agent-status.machine';
import { AgentStatusError } from './domain/agent-status.errors';
import { desiredPause } from './domain/queue-pause.mapping';
import { PauseMirrorService } from './pause-mirror.service';
import { PauseReasonsService } from './pause-reasons.service';

export interface SetStatusOptions {
  reason?: string | null;
  source: Exclude<AgentStatusSource, 'auto'>;
  /** userId of whoever asked; null for the platform. */
  actor: string | null;
}

/** What one transition did, to publish once its transaction has committed. */
export interface TransitionOutcome {
  row: AgentRow;
  /** The row changed (status or next status): publish the event. */
  changed: boolean;
  /** The status changed: mirror it to Asterisk. */
  statusChanged: boolean;
}

/**
 * The one place where an agent's status changes. Each change is one Postgres transaction holding the
 * agent's row lock: concurrent changes for an agent queue up behind it, and the history stays
 * contiguous (the open period is closed at the instant the next one opens). After the commit the
 * change is published (`agent.status.changed`) and mirrored to Asterisk.
 */
@Injectable()
export class AgentStatusService {
  private readonly logger = new Logger(AgentStatusService.name);

  constructor(
    private readonly repository: AgentStatusRepository,
    private readonly reasons: PauseReasonsService,
    private readonly events: AppEventBus,
    private readonly mirror: PauseMirrorService,
  ) {}

  async setStatus(
    extension: string,
    status: AgentStatus,
    options: SetStatusOptions,
  ): Promise<AgentStatusView> {
    // Asterisk's free-text reasons (adopted pauses) and the platform's own are taken as they are.
    const reason =
      options.source === 'pbx' || options.source === 'system'
        ? (options.reason ?? null)
        : await this.reasons.normalise(status, options.reason ?? null);
    const outcome = await this.apply(extension, {
      type: 'requested',
      status,
      reason,
      source: options.source,
      actor: options.actor,
    });
    return toView(outcome.row);
  }

  /** Applies an input to an agent in its own transaction, then publishes. */
  async apply(
    extension: string,
    input: AgentInput,
    at: () => Date = () => new Date(),
  ): Promise<TransitionOutcome> {
    let outcome = await this.repository.transaction((m) => this.transitionLocked(m, extension, input, at));
    if (outcome === null) {
      if (!(await this.repository.ensureAgent(extension))) throw AgentStatusError.unknownAgent(extension);
      outcome = await this.repository.transaction((m) => this.transitionLocked(m, extension, input, at));
      if (outcome === null) throw AgentStatusError.unknownAgent(extension);
    }
    this.publish(outcome);
    return outcome;
  }

  /** Applies an input to a row the caller's transaction has locked; the caller publishes after commit. */
  async transition(
    manager: EntityManager,
    row: AgentRow,
    input: AgentInput,
    at: Date,
  ): Promise<TransitionOutcome> {
    const decision = decideAgentTransition(row, input, at);
    if (decision.kind === 'refused' && input.type === 'requested')
      throw AgentStatusError.automaticStatus(input.status);
    if (decision.kind === 'none' || decision.kind === 'refused')
      return { row, changed: false, statusChanged: false };
    const pause = desiredPause(decision.state.status, decision.state.reason);
    const pauseReason = pause?.paused ? pause.reason : null;
    await this.repository.save(manager, decision.state, decision.kind === 'status', pauseReason);
    return {
      row: { ...row, ...decision.state, platformPauseReason: pauseReason ?? row.platformPauseReason },
      changed: true,
      statusChanged: decision.kind === 'status',
    };
  }

  publish(outcome: TransitionOutcome): void {
    if (!outcome.changed) return;
    const row = outcome.row;
    this.logger.debug(
      `[${row.extension}] ${row.previousStatus} -> ${row.status} (${row.source}${row.reason ? `: ${row.reason}` : ''})`,
    );
    this.events.emit('agent.status.changed', {
      extension: row.extension,
      status: row.status,
      previousStatus: row.previousStatus,
      reason: row.reason,
      source: row.source,
      actor: row.actor,
      statusChangedAt: row.statusChangedAt.toISOString(),
      nextStatus: row.nextStatus,
    });
    if (outcome.statusChanged) this.mirror.schedule(row.extension, row);
  }

  async get(extension: string): Promise<AgentStatusView> {
    const row = (await this.repository.find(extension)) ?? (await this.created(extension));
    return toView(row);
  }

  async list(): Promise<AgentStatusView[]> {
    for (const extension of await this.repository.extensionsWithoutAgent())
      await this.repository.ensureAgent(extension);
    return (await this.repository.list()).map(toView);
  }

  async history(extension: string, query: HistoryQuery) {
    await this.get(extension);
    return this.repository.history(extension, query);
  }

  private async created(extension: string): Promise<AgentRow> {
    if (!(await this.repository.ensureAgent(extension))) throw AgentStatusError.unknownAgent(extension);
    const row = await this.repository.find(extension);
    if (!row) throw AgentStatusError.unknownAgent(extension);
    return row;
  }

  private async transitionLocked(
    manager: EntityManager,
    extension: string,
    input: AgentInput,
    at: () => Date,
  ): Promise<TransitionOutcome | null> {
    const row = await this.repository.lock(manager, extension);
    if (!row) return null;
    // The clock is read after the lock: a change that waited for another is dated after it.
    return this.transition(manager, row, input, at());
  }
}

export function toView(row: AgentRow): AgentStatusView {
  return {
    extension: row.extension,
    status: row.status,
    previousStatus: row.previousStatus,
    reason: row.reason,
    source: row.source,
    statusChangedAt: row.statusChangedAt.toISOString(),
    nextStatus: row.nextStatus,
    nextReason: row.nextReason,
    wrapUpEndsAt: row.wrapUpEndsAt?.toISOString() ?? null,
    userId: row.userId,
  };
}
