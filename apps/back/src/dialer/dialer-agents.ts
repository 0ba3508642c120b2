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

  /** Waits until an agent may have become free, at most `maxMs`. */
  nextChance(maxMs: number): Promise<void> {
    return this.signal.next(maxMs);
  }
}
