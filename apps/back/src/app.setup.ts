import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from './config/app.config';
import { configureHttpApp } from './http/http-app.setup';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';

/**
 * Everything main.ts does to the app before it listens, shared with the test app and the benches so
 * they serve exactly what production serves. It lives at the composition root, beside app.module.ts:
 * the HTTP edge must not import features (live-status imports http, so http -> realtime would close
 * a cycle).
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  configureHttpApp(app, config);
  // Socket.IO on the API port, with the Redis streams adapter so several instances share rooms.
  app.useWebSocketAdapter(RealtimeIoAdapter.for(app));
}
