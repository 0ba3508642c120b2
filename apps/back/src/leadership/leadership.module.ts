import { Module } from '@nestjs/common';
import { LeadershipService } from './leadership.service';

/** Redis leases for the single actors among all instances; depends on no feature. */
@Module({
  providers: [LeadershipService],
  exports: [LeadershipService],
})
export class LeadershipModule {}
