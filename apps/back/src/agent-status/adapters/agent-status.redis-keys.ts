/** Every Redis key agent status writes, under the deployment's REDIS_KEY_PREFIX. */
export const agentStatusRedisKeys = (prefix: string) => ({
  /** The queue a call placed outside Queue() belongs to, by its agent channel's Uniqueid. */
  callQueue: (channelUniqueid: string): string => `${prefix}agent-status:call-queue:${channelUniqueid}`,
});
