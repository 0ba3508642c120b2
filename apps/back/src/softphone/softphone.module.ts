import { Module } from '@nestjs/common';
import { SipCredentialsController } from './sip-credentials.controller';

/** What the browser softphone asks of the back end besides live state: its SIP credentials. */
@Module({ controllers: [SipCredentialsController] })
export class SoftphoneModule {}
