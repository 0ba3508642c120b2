export * from './auth/auth.contracts';
export * from './health/health.contracts';
export * from './live-status/live-status.contracts';
export * from './users/users.contracts';
export * from './agent-status/agent-status.contracts';
export * from './calls/calls.contracts';
export * from './bus/bus.contracts';
export * from './dialer/dialer.contracts';
