import { weatherUploads } from './weather-dataset';

const csv = [
  'date,precipitation,temp_max,temp_min,wind,weather',
  '2012-01-01,0.0,12.8,5.0,4.7,drizzle',
  '2012-01-02,10.9,10.6,2.8,4.5,rain',
  '2013-01-01,0.0,5.0,-2.8,2.7,sun',
  '2014-01-01,0.0,7.2,3.3,1.2,sun',
  '',
].join('\r\n');

describe('the demo dataset', () => {
  it('makes one CSV per year; only the last carries wind, the drift', () => {
    const dataset = weatherUploads(csv, 'weather');
    expect(dataset.uploads.map((u) => [u.name, u.rows, u.drifted])).toEqual([
      ['seattle-weather-2012.csv', 2, false],
      ['seattle-weather-2013.csv', 1, false],
      ['seattle-weather-2014.csv', 1, true],
    ]);
    expect(dataset.uploads[0]!.body).toBe(
      'date,precipitation,temp_max,temp_min,weather\n2012-01-01,0.0,12.8,5.0,drizzle\n2012-01-02,10.9,10.6,2.8,rain\n',
    );
    expect(dataset.uploads[2]!.body).toBe(
      'date,precipitation,temp_max,temp_min,wind,weather\n2014-01-01,0.0,7.2,3.3,1.2,sun\n',
    );
  });

  it('queries the view of the source it loads into', () => {
    expect(weatherUploads(csv, 'seattle-weather').query).toContain('FROM "seattle_weather"');
  });

  it('refuses a file without the columns it splits on', () => {
    expect(() => weatherUploads('day,temp\n2012-01-01,3\n', 'w')).toThrow(/unexpected columns/);
  });
});
