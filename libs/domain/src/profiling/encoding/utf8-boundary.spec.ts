import { incompleteUtf8TailLength } from './utf8-boundary';

describe('incompleteUtf8TailLength', () => {
  const bytes = (text: string) => Array.from(new TextEncoder().encode(text));

  it.each([
    [bytes('abc'), 0],
    [bytes('é'), 0],
    [bytes('é').slice(0, 1), 1],
    [bytes('a€').slice(0, 2), 1],
    [bytes('a€').slice(0, 3), 2],
    [bytes('😀').slice(0, 3), 3],
    [bytes('😀'), 0],
    [[], 0],
  ])('%j → %i', (input, expected) => {
    expect(incompleteUtf8TailLength(new Uint8Array(input))).toBe(expected);
  });
});
