import type { AuthenticatedUser, CampaignResponse, RunCampaignResponse } from '@cc/contracts';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator';
import { Roles } from '../access/roles.decorator';
import { DialerRepository } from './adapters/dialer.repository';
import { DialerService } from './dialer.service';
import { DialerError, DialerErrorCode } from './domain/dialer.errors';
import { CreateCampaignDto } from './dto/create-campaign.dto';
import { AddDoNotCallDto, RunCampaignDto } from './dto/run-campaign.dto';

function toHttp(error: unknown): never {
  if (!(error instanceof DialerError)) throw error;
  switch (error.code) {
    case DialerErrorCode.CampaignNotFound:
      throw new NotFoundException(error.message);
    case DialerErrorCode.CampaignStopped:
      throw new ConflictException(error.message);
    case DialerErrorCode.BusOff:
    case DialerErrorCode.AmiUnavailable:
      throw new ServiceUnavailableException(error.message);
    default:
      throw new BadRequestException(error.message);
  }
}

const uuid = new ParseUUIDPipe({ version: '4', errorHttpStatusCode: HttpStatus.BAD_REQUEST });

/** The progressive autodialer, for supervisors: every change is logged with who made it. */
@ApiTags('autodialer')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('autodialer')
export class DialerController {
  constructor(
    private readonly dialer: DialerService,
    private readonly repository: DialerRepository,
  ) {}

  @Post('campaigns')
  create(@Body() body: CreateCampaignDto, @CurrentUser() user: AuthenticatedUser): Promise<CampaignResponse> {
    return this.dialer.create(body, user.id).catch(toHttp);
  }

  @Get('campaigns')
  list(): Promise<CampaignResponse[]> {
    return this.dialer.list();
  }

  @Get('campaigns/:id')
  get(@Param('id', uuid) id: string): Promise<CampaignResponse> {
    return this.dialer.get(id).catch(toHttp);
  }

  @Post('campaigns/:id/run')
  @HttpCode(HttpStatus.ACCEPTED)
  run(
    @Param('id', uuid) id: string,
    @Body() body: RunCampaignDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RunCampaignResponse> {
    return this.dialer.run(id, body.leads, user.id).catch(toHttp);
  }

  @Post('campaigns/:id/pause')
  @HttpCode(HttpStatus.OK)
  pause(@Param('id', uuid) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CampaignResponse> {
    return this.dialer.pause(id, user.id).catch(toHttp);
  }

  @Post('campaigns/:id/stop')
  @HttpCode(HttpStatus.OK)
  stop(@Param('id', uuid) id: string, @CurrentUser() user: AuthenticatedUser): Promise<CampaignResponse> {
    return this.dialer.stop(id, user.id).catch(toHttp);
  }

  @Post('do-not-call')
  @HttpCode(HttpStatus.NO_CONTENT)
  async addDoNotCall(@Body() body: AddDoNotCallDto, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    await this.repository.addDoNotCall(body.phone, body.reason ?? null, user.id);
  }

  @Get('do-not-call')
  doNotCall(): Promise<Array<{ phone: string; reason: string | null; addedAt: Date }>> {
    return this.repository.doNotCallList();
  }
}
