import { type HttpException, Logger, UnsupportedMediaTypeException } from '@nestjs/common';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { requestIdFrom } from '../logging/request-id';
import { apiErrorBodyOf } from './api-exception.filter';
import { toRequestBodyException } from './request-body.errors';

const logger = new Logger('HttpRequestBody');

// Content-Length: 0 is what browsers send for a POST without a body; that is no body to type-check.
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

// These answers leave before the request logger (Nest middleware, after the body parsers) has run:
// give them the request id it would have given, and the warning it would have logged. They are written
// here, not passed on with next(error): an error handler registered later (the softphone's static
// files, @nestjs/serve-static) turns any error on /api into `404 Cannot POST ...`.
function reject(req: Request, res: Response, exception: HttpException): void {
  const request = req as Request & { id?: string | number };
  request.id ??= requestIdFrom(req.headers['x-request-id']);
  res.setHeader('x-request-id', String(request.id));
  logger.warn(
    `[${request.id}] ${req.method} ${req.originalUrl} ${exception.getStatus()}: ${exception.message}`,
  );
  res.status(exception.getStatus()).json(apiErrorBodyOf(exception, String(request.id)));
}

/** The API takes JSON only: any other body answers 415 instead of reaching a DTO as an empty object. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (!hasBody(req.headers) || req.is(['application/json', 'application/*+json'])) {
    next();
    return;
  }
  const contentType = req.headers['content-type'] ?? 'none';
  reject(
    req,
    res,
    new UnsupportedMediaTypeException(`Content-Type must be application/json, got ${contentType}`),
  );
};

/** Placed right after the body parsers: their errors are answered as HTTP errors in the API error shape. */
export const requestBodyErrors: ErrorRequestHandler = (error, req, res, next) => {
  const exception = toRequestBodyException(error);
  if (exception === undefined) {
    next(error);
    return;
  }
  reject(req, res, exception);
};
