import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS_CLIENT, REDIS_KEY_PREFIX } from '../../redis/redis.tokens';
import { agentStatusRedisKeys } from './agent-status.redis-keys';

// Long enough for any call; the entry only has to outlive the call it names.
const ATTRIBUTION_TTL_MS = 4 * 3_600_000;

/**
 * Which queue a call that never went through Asterisk's Queue() belongs to, by the agent channel's
 * Uniqueid: a dialer's Originate rings the agent directly, so no AgentConnect names the queue, yet the
 * call is that queue's work and ends in that queue's wrap-up. In Redis because the instance that places
 * the call is not necessarily the one that ingests its Hangup.
 */
@Injectable()
export class CallQueueAttributions {
  private readonly keys: ReturnType<typeof agentStatusRedisKeys>;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_KEY_PREFIX) prefix: string,
  ) {
    this.keys = agentStatusRedisKeys(prefix);
  }

  async attribute(channelUniqueid: string, queue: string): Promise<void> {
    await this.redis.set(this.keys.callQueue(channelUniqueid), queue, 'PX', ATTRIBUTION_TTL_MS);
  }

  /** The queue of the call whose agent channel is `channelUniqueid`, forgotten once read. */
  async take(channelUniqueid: string): Promise<string | null> {
    return this.redis.getdel(this.keys.callQueue(channelUniqueid));
  }
}
