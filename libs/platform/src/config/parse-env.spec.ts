import { z } from 'zod';
import { ConfigError } from './config-error';
import { envPositiveInt } from './env-schema-parts';
import { parseEnv, parseEnvParts } from './parse-env';

const schema = z.object({
  TICK_MS: envPositiveInt(1000),
  SCHEDULE_SECONDS: z.coerce.number().int().positive().optional(),
  TOKEN: z.string({ message: 'is required' }).min(16),
});

describe('parseEnv', () => {
  it('treats a variable set to the empty string as unset: its default applies', () => {
    expect(parseEnv(schema, { TICK_MS: '', SCHEDULE_SECONDS: '', TOKEN: 'x'.repeat(16) })).toEqual({
      TICK_MS: 1000,
      TOKEN: 'x'.repeat(16),
    });
  });

  it('names an empty required variable as missing', () => {
    expect(() => parseEnv(schema, { TOKEN: '' })).toThrow(ConfigError);
    try {
      parseEnv(schema, { TOKEN: '' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { variable: 'TOKEN', problem: 'is required' },
      ]);
    }
  });

  it('still rejects a value that is set but wrong', () => {
    expect(() => parseEnv(schema, { TICK_MS: '0', TOKEN: 'x'.repeat(16) })).toThrow(/TICK_MS/);
  });

  it('reports the problems of every part together', () => {
    const parts = { a: z.object({ A: z.string() }), b: z.object({ B: z.string() }) };
    expect(() => parseEnvParts(parts, {})).toThrow(/A.*B|B.*A/s);
  });
});
