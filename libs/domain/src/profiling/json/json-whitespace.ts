/** Offset of the first character at or after `from` that is not JSON whitespace. */
export function skipJsonWhitespace(text: string, from: number, to: number = text.length): number {
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
    i++;
  }
  return i;
}
