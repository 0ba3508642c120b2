/** Every Redis key and stream of the realtime feature, under the app's REDIS_KEY_PREFIX. */
export const realtimeRedisKeys = (prefix: string) => ({
  /** The streams adapter's Redis stream (broadcasts between instances, replayed on session recovery). */
  adapterStream: `${prefix}realtime:socket.io`,
  /** Pub/sub channel prefix of the adapter's ephemeral messages (server-side emits, acks). */
  adapterChannelPrefix: `${prefix}realtime:socket.io`,
  /** Sessions kept for connection-state recovery. */
  adapterSessionPrefix: `${prefix}realtime:session:`,
  /** Sorted set of one user's sockets on every instance, scored by when each entry lapses. */
  presence: (userId: string) => `${prefix}realtime:presence:${userId}`,
});
