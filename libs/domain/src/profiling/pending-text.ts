/**
 * The text a streaming scanner still has to read: what it left unconsumed (a row or a JSON value
 * cut by a chunk boundary) plus the chunks that arrived since. A cut unit is scanned again only
 * once the pending text has doubled, so a unit spanning many chunks costs linear time.
 */
export class PendingText {
  private carry = '';
  private readonly waiting: string[] = [];
  private waitingLength = 0;
  private retryAtLength = 0;

  /** The text to scan now, or undefined when too little arrived since the last scan. */
  add(chunk: string): string | undefined {
    if (chunk.length === 0) return undefined;
    if (this.retryAtLength === 0) return this.carry + chunk;
    this.waiting.push(chunk);
    this.waitingLength += chunk.length;
    if (this.carry.length + this.waitingLength < this.retryAtLength) return undefined;
    return this.carry + this.takeWaiting();
  }

  /** Everything still pending, for the final scan. */
  rest(): string {
    const rest = this.carry + this.takeWaiting();
    this.carry = '';
    this.retryAtLength = 0;
    return rest;
  }

  /** Records what the scan of `text` left unread from `consumedUpTo` on. */
  keep(text: string, consumedUpTo: number): void {
    this.carry = consumedUpTo >= text.length ? '' : text.slice(consumedUpTo);
    this.retryAtLength = this.carry.length * 2;
  }

  private takeWaiting(): string {
    const joined = this.waiting.join('');
    this.waiting.length = 0;
    this.waitingLength = 0;
    return joined;
  }
}
