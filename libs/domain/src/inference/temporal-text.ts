import { TEXT_TYPE_PATTERNS } from './text-type-patterns';

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm; any year). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValidDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DD` when `text` is a valid date per `TEXT_TYPE_PATTERNS.date`, else undefined. */
export function normaliseDateText(text: string): string | undefined {
  const match = TEXT_TYPE_PATTERNS.date.exec(text);
  if (match === null) return undefined;
  return isValidDate(Number(match[1]), Number(match[2]), Number(match[3])) ? text : undefined;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]` (fraction digits as written) when `text` is a valid timestamp
 * per `TEXT_TYPE_PATTERNS.timestamp`, else undefined. A timestamp with a zone is converted to UTC
 * and ends in `Z`; one without stays as written (local, no zone).
 */
export function normaliseTimestampText(text: string): string | undefined {
  if (isWholeLocalTimestamp(text)) {
    return text.charCodeAt(10) === 84 ? text : `${text.slice(0, 10)}T${text.slice(11)}`;
  }
  return normaliseTimestampTextByPattern(text);
}

/** `normaliseTimestampText` by the pattern alone, without the fast path for common forms. */
export function normaliseTimestampTextByPattern(text: string): string | undefined {
  const match = TEXT_TYPE_PATTERNS.timestamp.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  let year = Number(y);
  let month = Number(mo);
  let day = Number(d);
  let hour = Number(h);
  let minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const suffix = `:${pad(second, 2)}${fraction === undefined ? '' : `.${fraction}`}`;
  if (zone === undefined) {
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}${suffix}`;
  }
  if (zone !== 'Z') {
    const offsetHours = Number(zone.slice(1, 3));
    const offsetMinutes = Number(zone.slice(4, 6));
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    const sign = zone.startsWith('-') ? -1 : 1;
    const minutes =
      daysFromCivil(year, month, day) * 1440 +
      hour * 60 +
      minute -
      sign * (offsetHours * 60 + offsetMinutes);
    const days = Math.floor(minutes / 1440);
    const minuteOfDay = minutes - days * 1440;
    [year, month, day] = civilFromDays(days);
    hour = Math.floor(minuteOfDay / 60);
    minute = minuteOfDay % 60;
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}${suffix}Z`;
}

function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

function isDateAt(text: string): boolean {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  if (century < 0 || yearOfCentury < 0) return false;
  return isValidDate(century * 100 + yearOfCentury, twoDigits(text, 5), twoDigits(text, 8));
}

/** Same answer as `normaliseDateText(text) !== undefined`, without building strings (hot path). */
export function isDateText(text: string): boolean {
  return text.length === 10 && isDateAt(text);
}

/** Same answer as `normaliseTimestampText(text) !== undefined`, without building strings (hot path). */
export function isTimestampText(text: string): boolean {
  const length = text.length;
  if (length < 16 || !isDateAt(text)) return false;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 32) return false;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (hour < 0 || hour > 23 || text.charCodeAt(13) !== 58 || minute < 0 || minute > 59)
    return false;
  let i = 16;
  if (i < length && text.charCodeAt(i) === 58) {
    const second = twoDigits(text, 17);
    if (second < 0 || second > 59) return false;
    i = 19;
    if (i < length && text.charCodeAt(i) === 46) {
      const fractionStart = ++i;
      while (i < length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      if (i === fractionStart || i - fractionStart > 9) return false;
    }
  }
  if (i === length) return true;
  const zone = text.charCodeAt(i);
  if (zone === 90) return i + 1 === length;
  if ((zone !== 43 && zone !== 45) || i + 6 !== length || text.charCodeAt(i + 3) !== 58)
    return false;
  const offsetHours = twoDigits(text, i + 1);
  const offsetMinutes = twoDigits(text, i + 4);
  return offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
}

/**
 * A key that orders dates and timestamps by time with plain string comparison: the normalised
 * timestamp without its `Z` (a date is its own key: it sorts as its midnight).
 */
export function temporalSortKey(text: string): string {
  const length = text.length;
  if (length === 10) return text;
  // Already `YYYY-MM-DDTHH:MM:SS[.f]` with Z or no zone: the text is its own key.
  if (length >= 19 && text.charCodeAt(10) === 84 && text.charCodeAt(16) === 58) {
    if (text.charCodeAt(length - 1) === 90) return text.slice(0, length - 1);
    if (text.indexOf('+', 19) === -1 && text.indexOf('-', 19) === -1) return text;
  }
  const normalised = normaliseTimestampText(text) ?? text;
  return normalised.endsWith('Z') ? normalised.slice(0, -1) : normalised;
}

/** An offset (`±HH:MM`) is always the last six characters of a timestamp. */
function hasOffset(text: string): boolean {
  const sign = text.charCodeAt(text.length - 6);
  return text.length > 10 && (sign === 43 || sign === 45);
}

/**
 * Orders two dates or timestamps by time (negative, zero or positive), comparing the texts
 * directly when they share one plain layout (the common case: a column written one way).
 */
export function compareTemporalTexts(a: string, b: string): number {
  const sameLayout =
    a.length === b.length &&
    (a.length === 10 ||
      (a.charCodeAt(10) === b.charCodeAt(10) &&
        (a.charCodeAt(a.length - 1) === 90) === (b.charCodeAt(b.length - 1) === 90) &&
        !hasOffset(a) &&
        !hasOffset(b)));
  const x = sameLayout ? a : temporalSortKey(a);
  const y = sameLayout ? b : temporalSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `YYYY-MM-DD[T ]HH:MM:SS[.fraction]`, valid and without a zone: normalised by at most putting
 * `T` between date and time (the pattern path would rebuild the same text from its parts).
 */
function isWholeLocalTimestamp(text: string): boolean {
  const length = text.length;
  const separator = text.charCodeAt(10);
  if (length < 19 || (separator !== 84 && separator !== 32) || text.charCodeAt(16) !== 58)
    return false;
  if (length > 19) {
    if (text.charCodeAt(19) !== 46) return false;
    for (let i = 20; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) return false;
    }
  }
  return isTimestampText(text);
}
