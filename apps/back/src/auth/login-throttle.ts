/** Brute-force brake on POST /api/auth/login: attempts per client IP per minute. */
export const LOGIN_THROTTLER = { name: 'login', limit: 10, ttl: 60_000 } as const;
