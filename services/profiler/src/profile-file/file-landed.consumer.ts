import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload, Ctx } from '@nestjs/microservices';
import { type FileLandedEvent, TOPIC } from '@tributary/contracts';
import type { HandlerContext } from '@tributary/platform';
import { ProfileFileUseCase } from './profile-file.usecase';

@Controller()
export class FileLandedConsumer {
  constructor(@Inject(ProfileFileUseCase) private readonly profileFile: ProfileFileUseCase) {}

  @EventPattern(TOPIC.fileLanded)
  async onFileLanded(
    @Payload() event: FileLandedEvent,
    @Ctx() context: HandlerContext,
  ): Promise<void> {
    await this.profileFile.execute(event, context.logger);
  }
}
