/**
 * Tracks the line and column of an offset moving forward through a stream of texts, where each
 * new text starts with the unread rest of the previous one (see `PendingText`).
 */
export class LinePosition {
  private text = '';
  private offset = 0;
  private line = 1;
  /** Offset of the current line's first character; negative when it began in an earlier text. */
  private lineStart = 0;
  private newlineAt = -1;

  /** Starts scanning `text`, whose offset 0 is where the previous text's `end` left off. */
  begin(text: string): void {
    this.text = text;
    this.newlineAt = -1;
  }

  /** Moves to `to` (never backwards) and returns its 1-based line. */
  lineAt(to: number): number {
    if (this.newlineAt < this.offset) this.newlineAt = this.findNewline(this.offset);
    while (this.newlineAt < to) {
      this.line++;
      this.lineStart = this.newlineAt + 1;
      this.newlineAt = this.findNewline(this.lineStart);
    }
    this.offset = to;
    return this.line;
  }

  /** 1-based column of `to`. */
  columnAt(to: number): number {
    this.lineAt(to);
    return to - this.lineStart + 1;
  }

  /** Ends the current text: the next one starts at its offset `consumed`. */
  end(consumed: number): void {
    this.lineAt(consumed);
    this.offset -= consumed;
    this.lineStart -= consumed;
    this.text = '';
  }

  private findNewline(from: number): number {
    const at = this.text.indexOf('\n', from);
    return at === -1 ? this.text.length : at;
  }
}
