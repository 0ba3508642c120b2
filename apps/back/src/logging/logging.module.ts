import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, type Params } from 'nestjs-pino';
import { appConfig, type AppConfig } from '../config/app.config';
import { requestIdFrom } from './request-id';

const REQUEST_ID_HEADER = 'x-request-id';

// Scraped every few seconds: logging each hit would drown the useful lines.
const QUIET_PATHS = ['/health', '/health/ready', '/metrics'];

// Bearer tokens, cookies and passwords never reach the logs.
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body.password',
  '*.password',
  '*.passwordHash',
];

export function buildLoggerParams(config: AppConfig, stdoutIsTty: boolean): Params {
  const pretty = config.nodeEnv === 'development' && stdoutIsTty;
  return {
    // nestjs-pino's default '*' is the pre-Express-5 wildcard syntax.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.includes((req.url ?? '').split('?')[0]) },
      customLogLevel: (_req, res, error) => {
        if (error || res.statusCode >= 500) {
          return 'error';
        }
        return res.statusCode >= 400 ? 'warn' : 'info';
      },
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
    },
  };
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => buildLoggerParams(config, process.stdout.isTTY === true),
    }),
  ],
})
export class LoggingModule {}
