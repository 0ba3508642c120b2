import { connect } from 'amqplib';
import type Redis from 'ioredis';
import type { ReadinessCheckResult } from './readiness.registry';

export async function checkRedis(client: Redis): Promise<ReadinessCheckResult> {
  // Not connected: PING would only wait in the offline queue until it times out.
  if (client.status !== 'ready') {
    return { status: 'down', details: { connection: client.status } };
  }
  const started = Date.now();
  const reply = await client.ping();
  return reply === 'PONG'
    ? { status: 'up', details: { latencyMs: Date.now() - started } }
    : { status: 'down', details: { reply } };
}

/** Opens and closes a connection: proves the broker accepts our credentials, not just the TCP port. */
export async function checkRabbitMq(url: string | null, timeoutMs: number): Promise<ReadinessCheckResult> {
  if (url === null) {
    return { status: 'disabled', details: { reason: 'RABBITMQ_URL is not set' } };
  }
  const started = Date.now();
  const connection = await connect(url, { timeout: timeoutMs });
  try {
    return { status: 'up', details: { latencyMs: Date.now() - started } };
  } finally {
    await connection.close().catch(() => undefined);
  }
}
