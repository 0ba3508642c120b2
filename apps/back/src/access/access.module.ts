import { Module } from '@nestjs/common';
import { TokenRevocations } from './token-revocations';

@Module({ providers: [TokenRevocations], exports: [TokenRevocations] })
export class AccessModule {}
