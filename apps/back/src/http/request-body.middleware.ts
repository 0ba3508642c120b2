import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { toRequestBodyException } from './request-body.errors';

// Content-Length: 0 is what browsers send for a POST without a body; that is no body to type-check.
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The API takes JSON only: any other body answers 415 instead of reaching a DTO as an empty object. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.headers) || req.is(['application/json', 'application/*+json'])) {
    next();
    return;
  }
  const contentType = req.headers['content-type'] ?? 'none';
  next(new UnsupportedMediaTypeException(`Content-Type must be application/json, got ${contentType}`));
};

/** Placed right after the body parsers, so their errors reach the exception filter as HTTP errors. */
export const requestBodyErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  next(toRequestBodyException(error) ?? error);
};
