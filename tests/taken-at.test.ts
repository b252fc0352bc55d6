// Dates: every field range-checked (no roll-over), the fallback order, names that carry a date;
// and places: impossible or zeroed GPS is not a location.
import { describe, expect, it } from 'vitest';
import { chooseTakenAt, dateFromFileName, parseExifDate, parseGpsDateTime, validLocation } from '../src-main/library/taken-at.js';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString().slice(0, 19));

describe('EXIF dates', () => {
  it('reads valid dates as wall-clock time', () => {
    expect(iso(parseExifDate('2019:06:15 14:22:33'))).toBe('2019-06-15T14:22:33');
    expect(iso(parseExifDate('2019-06-15T14:22:33+09:00'))).toBe('2019-06-15T14:22:33');
    expect(iso(parseExifDate('2020:02:29 00:00:00'))).toBe('2020-02-29T00:00:00'); // a leap day
  });

  it('rejects zeros, blanks and out-of-range fields instead of rolling them over', () => {
    for (const bad of ['0000:00:00 00:00:00', '    :  :     :  :  ', '', '2019:00:00 00:00:00', '2019:13:01 00:00:00', '2019:02:30 10:00:00',
      '2019:06:15 24:00:00', '2019:06:15 12:60:00', '2021:02:29 00:00:00', '1200:01:01 00:00:00', '9999:12:31 23:59:59']) {
      expect(parseExifDate(bad), bad).toBeNull();
    }
    expect(parseExifDate(new Date(2019, 0, 1))).toBeNull(); // a revived Date may have rolled over: not trusted
  });

  it('reads GPS date and time (UTC)', () => {
    expect(iso(parseGpsDateTime('2019:06:15', [5, 6, 7.5]))).toBe('2019-06-15T05:06:07');
    expect(parseGpsDateTime('2019:06:15', [25, 0, 0])).toBeNull();
    expect(parseGpsDateTime('0000:00:00', [1, 2, 3])).toBeNull();
  });
});

describe('dates in file names', () => {
  it.each([
    ['IMG_20190615_142233.jpg', '2019-06-15T14:22:33'],
    ['PXL_20190615_142233123.jpg', '2019-06-15T14:22:33'],
    ['20190615_142233.jpg', '2019-06-15T14:22:33'],
    ['Screenshot 2019-06-15 at 14.22.33.png', '2019-06-15T14:22:33'],
    ['Screenshot_2019-06-15_142233.png', '2019-06-15T14:22:33'],
    ['IMG-20190615-WA0001.jpg', '2019-06-15T00:00:00'],
    ['holiday 2019-06-15 beach.jpg', '2019-06-15T00:00:00'],
  ])('%s', (name, expected) => {
    expect(iso(dateFromFileName(name))).toBe(expected);
  });

  it('does not read a counter or an impossible date as one', () => {
    for (const name of ['IMG_1234.jpg', 'DSC01234.JPG', 'IMG_20191315_142233.jpg', 'scan-0001.png']) expect(dateFromFileName(name), name).toBeNull();
  });
});

describe('the fallback order', () => {
  const mtimeMs = Date.UTC(2024, 0, 2, 3, 4, 5);
  it('takes the first valid source and names it', () => {
    expect(chooseTakenAt({ dateTimeOriginal: '2019:06:15 14:22:33', createDate: '2018:01:01 00:00:00', fileName: 'x.jpg', mtimeMs }).source).toBe('exif-original');
    expect(chooseTakenAt({ dateTimeOriginal: '0000:00:00 00:00:00', createDate: '2018:01:01 00:00:00', fileName: 'x.jpg', mtimeMs }).source).toBe('exif-create');
    expect(chooseTakenAt({ gpsDate: '2017:03:04', gpsTime: [1, 2, 3], fileName: 'x.jpg', mtimeMs }).source).toBe('gps');
    expect(chooseTakenAt({ modifyDate: '2016:01:01 00:00:00', fileName: 'IMG_20190615_142233.jpg', mtimeMs }).source).toBe('file-name');
    const modify = chooseTakenAt({ modifyDate: '2016:05:06 07:08:09', fileName: 'x.jpg', mtimeMs });
    expect([modify.source, iso(modify.takenAt)]).toEqual(['exif-modify', '2016-05-06T07:08:09']);
    const file = chooseTakenAt({ dateTimeOriginal: '    :  :     :  :  ', fileName: 'x.jpg', mtimeMs });
    expect(file.source).toBe('file-time');
    expect(Math.abs(file.takenAt - mtimeMs)).toBeLessThanOrEqual(14 * 3600_000); // this machine's wall clock
  });
});

describe('places', () => {
  it('keeps real coordinates and refuses impossible or zeroed ones', () => {
    expect(validLocation(37.5665, 126.978)).toEqual({ lat: 37.5665, lon: 126.978 });
    expect(validLocation(-33.86, -151.2)).toEqual({ lat: -33.86, lon: -151.2 });
    expect(validLocation(0, 0)).toBeNull();
    expect(validLocation(123.5, 10)).toBeNull();
    expect(validLocation(10, 200)).toBeNull();
    expect(validLocation(Number.NaN, 10)).toBeNull();
    expect(validLocation(undefined, 10)).toBeNull();
    expect(validLocation(0, 12.5)).toEqual({ lat: 0, lon: 12.5 }); // the equator is a place
  });
});

describe('dates and places of real files', () => {
  it('indexes broken dates by their fallback and refuses impossible or zeroed GPS', async () => {
    const { mkdtempSync, rmSync, writeFileSync, utimesSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { default: sharp } = await import('sharp');
    const { Engine } = await import('../src-main/engine/engine.js');
    const root = mkdtempSync(join(tmpdir(), 'dates-'));
    try {
      const photos = join(root, 'photos');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(photos);
      const shot = (exif: Record<string, Record<string, string>>) =>
        sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } }).withExif(exif as never).jpeg().toBuffer();
      const gps = (lat: string, lon: string) => ({ GPSLatitudeRef: 'N', GPSLatitude: lat, GPSLongitudeRef: 'E', GPSLongitude: lon });
      writeFileSync(join(photos, 'zero.jpg'), await shot({ IFD2: { DateTimeOriginal: '0000:00:00 00:00:00' } }));
      writeFileSync(join(photos, 'month-zero.jpg'), await shot({ IFD2: { DateTimeOriginal: '2019:00:00 00:00:00' }, IFD0: { DateTime: '2016:05:06 07:08:09' } }));
      writeFileSync(join(photos, 'IMG_20190615_142233.jpg'), await shot({}));
      writeFileSync(join(photos, 'null-island.jpg'), await shot({ IFD2: { DateTimeOriginal: '2020:01:01 10:00:00' }, IFD3: gps('0/1 0/1 0/1', '0/1 0/1 0/1') }));
      writeFileSync(join(photos, 'impossible.jpg'), await shot({ IFD2: { DateTimeOriginal: '2020:01:02 10:00:00' }, IFD3: gps('123/1 30/1 0/1', '200/1 0/1 0/1') }));
      writeFileSync(join(photos, 'seoul.jpg'), await shot({ IFD2: { DateTimeOriginal: '2020:01:03 10:00:00' }, IFD3: gps('37/1 33/1 59/1', '126/1 58/1 41/1') }));
      const mtime = new Date(Date.UTC(2023, 2, 4, 12));
      utimesSync(join(photos, 'zero.jpg'), mtime, mtime);
      const engine = await Engine.open({ libraryDir: join(root, 'library'), model: 'tiny-clip', device: 'cpu' });
      try {
        engine.addFolder(photos);
        await engine.indexAll();
        const byName = new Map(engine.latest({ limit: 10 }).map((h) => [h.path.split('/').pop()!, h]));
        expect([byName.get('zero.jpg')!.dateSource, iso(byName.get('zero.jpg')!.takenAt)?.slice(0, 7)]).toEqual(['file-time', '2023-03']);
        expect([byName.get('month-zero.jpg')!.dateSource, iso(byName.get('month-zero.jpg')!.takenAt)]).toEqual(['exif-modify', '2016-05-06T07:08:09']);
        expect([byName.get('IMG_20190615_142233.jpg')!.dateSource, iso(byName.get('IMG_20190615_142233.jpg')!.takenAt)]).toEqual(['file-name', '2019-06-15T14:22:33']);
        // Nothing "before 1950": no rolled-over zero date.
        expect(engine.latest({ limit: 10, filters: { to: Date.UTC(1950, 0, 1) } })).toEqual([]);
        expect(engine.latest({ limit: 10 })).toHaveLength(6); // every photo has a date: no filter drops one
        expect(byName.get('null-island.jpg')!.gps).toBeNull();
        expect(byName.get('impossible.jpg')!.gps).toBeNull();
        expect(byName.get('seoul.jpg')!.gps!.lat).toBeCloseTo(37.566, 2);
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
