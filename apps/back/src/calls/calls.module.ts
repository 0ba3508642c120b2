import { Module } from '@nestjs/common';
import { CallLedgerRepository } from './adapters/call-ledger.repository';
import { CallLedgerService } from './call-ledger.service';

/**
 * The call ledger: every queue call and every direct call of an agent, from AMI into `call_records`,
 * with the `call.*` domain events. Depends on nothing but the event map and Postgres.
 */
@Module({
  providers: [CallLedgerRepository, CallLedgerService],
})
export class CallsModule {}
