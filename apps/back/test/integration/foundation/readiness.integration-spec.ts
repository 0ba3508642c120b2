import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HealthModule } from '../../../src/health/health.module';
import { ReadinessRegistry } from '../../../src/health/readiness.registry';
import { createTestApp, type TestApp } from '../../support/test-app';

// Stands in for a feature module (e.g. AMI) that plugs its own dependency into /health/ready.
@Injectable()
class FakePbxCheck implements OnModuleInit {
  static state: 'up' | 'down' = 'up';
  constructor(private readonly readiness: ReadinessRegistry) {}
  onModuleInit(): void {
    this.readiness.register('pbx', async () => ({ status: FakePbxCheck.state, details: { via: 'test' } }));
  }
}

@Module({ imports: [HealthModule], providers: [FakePbxCheck] })
class FakePbxModule {}

describe('readiness (real Postgres, Redis, RabbitMQ)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672' },
      imports: [FakePbxModule],
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every dependency, including one registered by another module', async () => {
    FakePbxCheck.state = 'up';
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: {
        postgres: { status: 'up' },
        redis: { status: 'up' },
        rabbitmq: { status: 'up' },
        pbx: { status: 'up', details: { via: 'test' } },
      },
    });
  });

  it('answers 503 when a required dependency is down, while liveness stays 200', async () => {
    FakePbxCheck.state = 'down';
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.checks.pbx.status).toBe('down');
    await t.http.get('/health').expect(200);
  });
});
