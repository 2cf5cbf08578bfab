/** A dependency the service needs before it can do useful work. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs = 2_000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    checks.map(async (c) => {
      const started = Date.now();
      try {
        await Promise.race([
          c.check(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('timed out')), timeoutMs).unref(),
          ),
        ]);
        return [c.name, { ok: true, ms: Date.now() - started }] as const;
      } catch (error) {
        return [
          c.name,
          { ok: false, error: (error as Error).message, ms: Date.now() - started },
        ] as const;
      }
    }),
  );
  const report: Record<string, { ok: boolean; error?: string; ms: number }> = {};
  for (const [name, result] of entries) report[name] = result;
  return { ready: entries.every(([, r]) => r.ok), checks: report };
}
