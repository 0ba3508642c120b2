/** Every Redis key the dialer writes, under the deployment's REDIS_KEY_PREFIX. */
export const dialerRedisKeys = (prefix: string) => ({
  agentReservation: (extension: string): string => `${prefix}dialer:reservation:${extension}`,
});
