/** The shared ioredis client (`Redis` from ioredis). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/** The REDIS_KEY_PREFIX string: key builders prepend it; the client does not add it by itself. */
export const REDIS_KEY_PREFIX = Symbol('REDIS_KEY_PREFIX');
