import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { isValidSourceId } from '@tributary/contracts';
import { problem } from '@tributary/platform';
import { AdminGuard } from '../auth/admin.guard';
import { ManageSourcesUseCase, type SourceStatusView } from './manage-sources.usecase';
import { parseBody } from './parse-body';
import { createSourceSchema, updateSourceSchema } from './source.schemas';
import type { SourceView } from './source.view';

export function assertSourceIdParam(sourceId: string): string {
  if (!isValidSourceId(sourceId)) {
    throw problem.badRequest(
      'invalid-source-id',
      'source id must match ^[a-z0-9][a-z0-9_-]{0,62}$',
    );
  }
  return sourceId;
}

@ApiTags('control plane: sources')
@UseGuards(AdminGuard)
@Controller('v1/admin/sources')
export class SourcesController {
  constructor(@Inject(ManageSourcesUseCase) private readonly manage: ManageSourcesUseCase) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a source; the response holds its API key, shown only this once',
  })
  create(@Body() body: unknown): Promise<{ source: SourceView; apiKey: string }> {
    return this.manage.create(parseBody(createSourceSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'Every source with its settings and warnings' })
  list(): Promise<SourceStatusView[]> {
    return this.manage.list();
  }

  @Get(':sourceId')
  @ApiOperation({ summary: 'One source with its settings and warnings' })
  get(@Param('sourceId') sourceId: string): Promise<SourceStatusView> {
    return this.manage.get(assertSourceIdParam(sourceId));
  }

  @Patch(':sourceId')
  @ApiOperation({ summary: 'Change policy, hints, write mode, checks, schedule, channels or rate' })
  update(
    @Param('sourceId') sourceId: string,
    @Body() body: unknown,
  ): Promise<SourceView & { readonly effects: readonly string[] }> {
    return this.manage.update(assertSourceIdParam(sourceId), parseBody(updateSourceSchema, body));
  }

  @Post(':sourceId/rotate-key')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new API key; the old one stops working at once' })
  rotateKey(@Param('sourceId') sourceId: string): Promise<{ source: SourceView; apiKey: string }> {
    return this.manage.rotateKey(assertSourceIdParam(sourceId));
  }
}
