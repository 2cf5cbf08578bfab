import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file the demo uploads. */
export interface DemoUpload {
  readonly name: string;
  readonly contentType: string;
  readonly body: string;
  readonly rows: number;
  /** True for the file whose schema differs from the ones before it. */
  readonly drifted: boolean;
}

export interface DemoDataset {
  readonly sourceId: string;
  readonly description: string;
  readonly uploads: readonly DemoUpload[];
  /** SQL over the source's view once published. */
  readonly query: string;
}

/** Where the `vega-datasets` package keeps its data files. */
export function vegaDataDir(): string {
  return join(dirname(require.resolve('vega-datasets')), '..', 'data');
}

/** The column the station feed only starts sending in the last year: the demo's drift. */
const LATE_COLUMN = 'wind';

/**
 * Seattle's daily weather 2012-2015 (vega-datasets `seattle-weather.csv`, 1461 rows), uploaded
 * as one CSV per year the way a station feed would deliver it. The feed only starts reporting
 * wind in the last year: that file adds a column, which Tributary reports as drift (a new
 * ACTIVE version with the diff) and publishes alongside the older rows, whose wind reads NULL.
 */
export function seattleWeatherDataset(sourceId = 'weather'): DemoDataset {
  return weatherUploads(readFileSync(join(vegaDataDir(), 'seattle-weather.csv'), 'utf8'), sourceId);
}

/** The split itself: one upload per year of `date,…,wind,…` rows, wind only in the last one. */
export function weatherUploads(text: string, sourceId: string): DemoDataset {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (!header) throw new Error('seattle-weather.csv is empty');
  const columns = header.split(',');
  const lateIndex = columns.indexOf(LATE_COLUMN);
  if (lateIndex < 0 || columns[0] !== 'date')
    throw new Error(`seattle-weather.csv has unexpected columns: ${header}`);
  const byYear = new Map<string, string[]>();
  for (const line of lines) {
    const year = line.slice(0, 4);
    byYear.set(year, [...(byYear.get(year) ?? []), line]);
  }
  const years = [...byYear.keys()].sort();
  const lastYear = years[years.length - 1];
  const withoutLate = (line: string) =>
    line
      .split(',')
      .filter((_, i) => i !== lateIndex)
      .join(',');
  const uploads = years.map((year): DemoUpload => {
    const rows = byYear.get(year)!;
    const drifted = year === lastYear;
    const body = drifted
      ? [header, ...rows]
      : [withoutLate(header), ...rows.map((row) => withoutLate(row))];
    return {
      name: `seattle-weather-${year}.csv`,
      contentType: 'text/csv',
      body: `${body.join('\n')}\n`,
      rows: rows.length,
      drifted,
    };
  });
  const view = sourceId.replace(/-/g, '_');
  return {
    sourceId,
    description: 'Seattle daily weather 2012-2015 (vega-datasets), loaded by tributary demo',
    uploads,
    query: `SELECT year(date) AS year, count(*) AS days, round(avg(temp_max), 1) AS avg_temp_max,
       round(sum(precipitation)) AS precipitation_mm, count(*) FILTER (WHERE weather = 'rain') AS rainy_days,
       round(avg(${LATE_COLUMN}), 1) AS avg_wind
  FROM "${view}" GROUP BY 1 ORDER BY 1`,
  };
}
