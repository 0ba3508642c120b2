/**
 * Delay before the next WebSocket reconnect attempt: doubles from 1 s up to 30 s, with up to 20 % jitter
 * so a call centre's worth of browsers coming back after one network blip do not hit Asterisk at once.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.2 * random()));
}
