import type { AuthenticatedUser, SipContactStatus, SipCredentials } from '@cc/contracts';
import {
  Controller,
  Get,
  Header,
  Inject,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../access/current-user.decorator';
import { softphoneConfig, type SoftphoneConfig } from '../config/softphone.config';
import { LiveStatusQueryService } from '../live-status/live-status-query.service';
import { sipContactStatus } from './domain/sip-contact-status';
import { buildSipCredentials } from './domain/sip-credentials.builder';

/** Any signed-in user with an extension: operators, and supervisors whose phone rings for listen/whisper. */
@ApiTags('softphone')
@ApiBearerAuth()
@Controller('me')
export class SipCredentialsController {
  private readonly logger = new Logger(SipCredentialsController.name);

  constructor(
    @Inject(softphoneConfig.KEY) private readonly config: SoftphoneConfig,
    private readonly liveState: LiveStatusQueryService,
  ) {}

  @Get('sip')
  // The answer carries a SIP secret: no cache, shared or private, may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: "The caller's SIP extension, password, WebSocket URL and ICE servers" })
  @ApiNotFoundResponse({ description: 'The user has no extension' })
  sip(@CurrentUser() user: AuthenticatedUser): SipCredentials {
    const outcome = buildSipCredentials(user.extension, this.config);
    if (outcome.ok) return outcome.credentials;
    if (outcome.reason === 'no-extension') throw new NotFoundException('This user has no SIP extension');
    this.logger.warn(
      `[${user.username}] asked for SIP credentials but SIP_WS_URL or SIP_PASSWORD_SECRET is not set`,
    );
    throw new ServiceUnavailableException('The softphone is not configured on this server');
  }

  @Get('sip/contact')
  @ApiOkResponse({ description: "The caller's device state as Asterisk reports it (from the live state)" })
  @ApiNotFoundResponse({ description: 'The user has no extension' })
  async contact(@CurrentUser() user: AuthenticatedUser): Promise<SipContactStatus> {
    if (!user.extension) throw new NotFoundException('This user has no SIP extension');
    return sipContactStatus(user.extension, await this.liveState.getOperatorsSnapshot());
  }
}
