import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.tokens';

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const stop = this.duration.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL: ids in paths would make one series per id.
      const route = (req.route as { path?: string } | undefined)?.path;
      stop({
        method: req.method,
        route: route ? `${req.baseUrl}${route}` : 'unmatched',
        status_code: res.statusCode,
      });
    });
    next();
  }
}
