import type { AuthenticatedUser, UserSummary } from '@cc/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
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
import { CurrentUser } from '../access/current-user.decorator';
import { Roles } from '../access/roles.decorator';
import { CreateUserDto, ResetPasswordDto, UpdateUserDto } from './dto/create-user.dto';
import { UserSummaryDto } from './dto/user-summary.dto';
import { toUserSummary } from './user-summary.mapper';
import { UsersService } from './users.service';

// Every change is audited with the admin who made it.
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
  async create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthenticatedUser): Promise<UserSummary> {
    return toUserSummary(await this.users.create(body, actor));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'An admin cannot demote or disable their own account' })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<UserSummary> {
    return toUserSummary(await this.users.update(actor, id, body));
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResetPasswordDto,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<void> {
    await this.users.resetPassword(actor, id, body.password);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'An admin cannot delete their own account' })
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() actor: AuthenticatedUser,
  ): Promise<void> {
    await this.users.remove(actor, id);
  }
}
