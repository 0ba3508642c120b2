import { ConflictException, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import type { AuthenticatedUser, SpyMode, SpyResult } from '@cc/contracts';
import { AMI_ACTION_PORT, type AmiActionPort } from '../ami/ami-action.port';
import { LiveStatusQueryService } from '../live-status/live-status-query.service';
import { agentCallChannel, spyOriginate } from './domain/spy-originate';
import { SupervisorAuditService } from './supervisor-audit.service';

const ORIGINATE_TIMEOUT_MS = 5000;

/** Listen, whisper, barge: ChanSpy on the agent's call, rung on the supervisor's own phone, audited. */
@Injectable()
export class SupervisorSpyService {
  private readonly logger = new Logger(SupervisorSpyService.name);

  constructor(
    private readonly live: LiveStatusQueryService,
    @Inject(AMI_ACTION_PORT) private readonly ami: AmiActionPort,
    private readonly audit: SupervisorAuditService,
  ) {}

  async spy(supervisor: AuthenticatedUser, extension: string, mode: SpyMode): Promise<SpyResult> {
    if (supervisor.extension === null)
      throw new UnprocessableEntityException('You have no extension: the spy call has no phone to ring');
    const channels = await this.live.getChannels();
    const channel = agentCallChannel(extension, channels.items);
    if (channel === null) throw new ConflictException(`Agent ${extension} has no call to ${mode} on`);
    const outcome = await this.ami.send(spyOriginate(supervisor.extension, extension, mode), {
      timeoutMs: ORIGINATE_TIMEOUT_MS,
    });
    if (!outcome.success) throw new ConflictException(`Asterisk refused the spy call: ${outcome.message}`);
    await this.audit.record(supervisor.id, 'spy', extension, {
      mode,
      agentChannel: channel.name,
      supervisorExtension: supervisor.extension,
    });
    this.logger.log(
      `[${extension}] ${supervisor.username} ${mode}s on ${channel.name} from ${supervisor.extension}`,
    );
    return { extension, mode, agentChannel: channel.name, supervisorExtension: supervisor.extension };
  }
}
