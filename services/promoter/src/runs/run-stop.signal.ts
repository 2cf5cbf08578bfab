import { Injectable } from '@nestjs/common';

/** Set at shutdown: runs stop at their next batch boundary and hand their claim back. */
@Injectable()
export class RunStopSignal {
  private flag = false;

  get stopped(): boolean {
    return this.flag;
  }

  stop(): void {
    this.flag = true;
  }
}
