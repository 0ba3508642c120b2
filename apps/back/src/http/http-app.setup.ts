import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app.config';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { ApiExceptionFilter } from './api-exception.filter';
import { requestBodyErrors, requireJsonBody } from './request-body.middleware';
import { securityHeaders } from './security-headers';
import { createValidationPipe } from './validation.pipe';

export const API_PREFIX = 'api';

/**
 * Everything about the HTTP surface that lives outside modules. Shared by main.ts and the integration
 * test app so tests exercise exactly what production serves.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const http = app.get<HttpConfig>(httpConfig.KEY);
  // Middleware runs in the order registered here, before anything Nest adds when it starts: headers
  // first so that every answer carries them, errors included.
  app.disable('x-powered-by');
  app.use(securityHeaders(http.sipWebSocket));
  // Before the body checks, so a browser on another origin can read their errors.
  if (config.corsOrigins !== null) {
    app.enableCors({
      origin: config.corsOrigins === '*' ? true : config.corsOrigins,
      credentials: true,
      exposedHeaders: ['x-request-id'],
    });
  }
  app.use(`/${API_PREFIX}`, requireJsonBody);
  // Registered before start, these replace Nest's default parsers (100 kB limit, errors answered 500).
  app.useBodyParser('json', { limit: http.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: http.bodyLimitBytes, extended: false });
  app.use(requestBodyErrors);
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
