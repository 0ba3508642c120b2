import type { UserSummary } from '@cc/contracts';
import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../access/roles.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UserSummaryDto } from './dto/user-summary.dto';
import { toUserSummary } from './user-summary.mapper';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: [UserSummaryDto] })
  async list(): Promise<UserSummary[]> {
    return (await this.users.list()).map(toUserSummary);
  }

  @Post()
  @ApiCreatedResponse({ type: UserSummaryDto })
  @ApiConflictResponse({ description: 'The username is taken' })
  async create(@Body() body: CreateUserDto): Promise<UserSummary> {
    return toUserSummary(await this.users.create(body));
  }
}
