import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app.config';
import { RealtimeIoAdapter } from '../realtime/adapters/realtime-io.adapter';
import { ApiExceptionFilter } from './api-exception.filter';
import { createValidationPipe } from './validation.pipe';

export const API_PREFIX = 'api';

/**
 * Everything about the HTTP surface that lives outside modules. Shared by main.ts and the integration
 * test app so tests exercise exactly what production serves.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Probes and the scraper expect these at the root, without the /api prefix (and without a JWT).
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.ALL },
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useWebSocketAdapter(RealtimeIoAdapter.for(app));
  if (config.corsOrigins !== null) {
    app.enableCors({
      origin: config.corsOrigins === '*' ? true : config.corsOrigins,
      credentials: true,
      exposedHeaders: ['x-request-id'],
    });
  }
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call center live API')
      .setDescription(
        'REST API of the call center back end. Log in with POST /api/auth/login, then use the token.',
      )
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs-json` });
}
