import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  type ExceptionFilter,
  NotFoundException,
} from '@nestjs/common';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { AgentStatusError, type AgentStatusErrorCode } from './domain/agent-status.errors';

const TO_HTTP: Record<AgentStatusErrorCode, (message: string) => Error> = {
  'unknown-agent': (m) => new NotFoundException(m),
  'unknown-pause-reason': (m) => new NotFoundException(m),
  'invalid-reason': (m) => new BadRequestException(m),
  'automatic-status': (m) => new BadRequestException(m),
  'duplicate-pause-reason': (m) => new ConflictException(m),
};

/** Agent-status refusals as HTTP errors, in the API's one error shape. */
@Catch(AgentStatusError)
export class AgentStatusExceptionFilter implements ExceptionFilter {
  private readonly http = new ApiExceptionFilter();

  catch(error: AgentStatusError, host: ArgumentsHost): void {
    this.http.catch(TO_HTTP[error.code](error.message), host);
  }
}
