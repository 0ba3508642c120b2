/** Every Redis key the bus writes, under the deployment's REDIS_KEY_PREFIX. */
export const busRedisKeys = (prefix: string) => ({
  handled: (queue: string, messageId: string): string => `${prefix}bus:handled:${queue}:${messageId}`,
});
