import { Module } from '@nestjs/common';
import { LiveStatusModule } from '../live-status/live-status.module';
import { SipCredentialsController } from './sip-credentials.controller';

/** What the browser softphone asks of the back end besides live state: its SIP credentials and its contact as Asterisk sees it. */
@Module({ imports: [LiveStatusModule], controllers: [SipCredentialsController] })
export class SoftphoneModule {}
