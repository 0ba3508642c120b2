import type { PauseReason } from '@cc/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { AgentStatusExceptionFilter } from './agent-status.exception-filter';
import { CreatePauseReasonDto, PauseReasonDto, UpdatePauseReasonDto } from './dto/pause-reason.dto';
import { PauseReasonsService } from './pause-reasons.service';

@ApiTags('pause-reasons')
@ApiBearerAuth()
@UseFilters(AgentStatusExceptionFilter)
@Controller('pause-reasons')
export class PauseReasonsController {
  constructor(private readonly reasons: PauseReasonsService) {}

  /** Everyone may read the catalogue: the softphone offers it when pausing. */
  @Get()
  @ApiOkResponse({ type: [PauseReasonDto] })
  list(): Promise<PauseReason[]> {
    return this.reasons.list();
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: PauseReasonDto })
  @ApiConflictResponse({ description: 'The code is taken' })
  create(@Body() body: CreatePauseReasonDto): Promise<PauseReason> {
    return this.reasons.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: PauseReasonDto })
  @ApiNotFoundResponse()
  update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdatePauseReasonDto): Promise<PauseReason> {
    return this.reasons.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.reasons.remove(id);
  }
}
