import { z } from 'zod';

/** Reusable validators for environment variables. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1'));

export const envPort = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int({ message: 'must be an integer port' })
    .min(0, { message: 'must be 0..65535' })
    .max(65535, { message: 'must be 0..65535' })
    .default(fallback);

export const envPositiveInt = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be an integer' })
    .positive({ message: 'must be positive' })
    .default(fallback);

export const envUrl = () =>
  z.string({ message: 'is required' }).url({ message: 'must be a URL (http://host:port)' });

export const envList = () =>
  z
    .string({ message: 'is required' })
    .min(1, { message: 'is required' })
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
