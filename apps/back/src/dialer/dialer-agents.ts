import { Inject, Injectable } from '@nestjs/common';
import { RedisAgentReservations } from './adapters/agent-reservation.redis';
import { DIALER_AGENT_AVAILABILITY, type DialerAgentAvailability } from './dialer-agent-availability.port';
import { FreeAgentSignal } from './free-agent.signal';

/** Free agents of a queue, reserved one attempt at a time across every instance. */
@Injectable()
export class DialerAgents {
  constructor(
    @Inject(DIALER_AGENT_AVAILABILITY) private readonly availability: DialerAgentAvailability,
    private readonly reservations: RedisAgentReservations,
    private readonly signal: FreeAgentSignal,
  ) {}

  /** Reserves an idle agent of `queue` for `holder` (the attempt's channel id); null when none is free. */
  async reserve(queue: string, holder: string): Promise<string | null> {
    const idle = await this.availability.idleAgents(queue);
    return this.reservations.reserveFirstFree(idle, holder);
  }

  async release(agent: string, holder: string): Promise<void> {
    await this.reservations.release(agent, holder);
    this.signal.wake();
  }

  /** Tells agent status which queue the call on the agent's channel `holder` belongs to (its wrap-up). */
  callOfQueue(holder: string, queue: string): Promise<void> {
    return this.availability.callOfQueue(holder, queue);
  }

  /** Taken before `reserve`, for `nextChance`. */
  mark(): number {
    return this.signal.mark();
  }

  /** Waits until an agent may have become free since `mark`, at most `maxMs`. */
  nextChance(maxMs: number, mark: number): Promise<void> {
    return this.signal.next(maxMs, mark);
  }
}
