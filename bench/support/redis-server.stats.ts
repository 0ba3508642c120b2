// What Redis itself reports about a stretch of work: its CPU time (INFO cpu) and the calls and time of
// the script commands our fenced batches use (INFO commandstats). Redis is shared, so these are deltas
// between two readings and include whatever else ran on it meanwhile.
import type Redis from 'ioredis';

export interface RedisServerReading {
  cpuSeconds: number;
  scriptCalls: number;
  scriptMicros: number;
}

const SCRIPT_COMMANDS = ['eval', 'evalsha', 'fcall'];

export async function readRedisServer(redis: Redis): Promise<RedisServerReading> {
  const [cpu, commands] = await Promise.all([redis.info('cpu'), redis.info('commandstats')]);
  const field = (name: string): number => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(cpu)?.[1] ?? 0);
  let scriptCalls = 0;
  let scriptMicros = 0;
  for (const command of SCRIPT_COMMANDS) {
    const stats = new RegExp(`^cmdstat_${command}:calls=(\\d+),usec=(\\d+)`, 'm').exec(commands);
    if (!stats) continue;
    scriptCalls += Number(stats[1]);
    scriptMicros += Number(stats[2]);
  }
  return { cpuSeconds: field('used_cpu_user') + field('used_cpu_sys'), scriptCalls, scriptMicros };
}

export function redisServerDelta(before: RedisServerReading, after: RedisServerReading): RedisServerReading {
  return {
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    scriptCalls: after.scriptCalls - before.scriptCalls,
    scriptMicros: after.scriptMicros - before.scriptMicros,
  };
}
