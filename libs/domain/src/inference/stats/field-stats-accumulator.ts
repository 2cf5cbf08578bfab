import type { FieldStats, FieldType } from '@tributary/contracts';
import { compareTemporalTexts } from '../temporal-text';
import type { TypeInfo } from '../type-info';
import { DistinctSketch } from './distinct-sketch';
import { compareNumberTexts } from './number-order';

/** Distinct values kept as samples. */
export const MAX_SAMPLES = 5;
/** Longer sample, min and max texts are cut (the stats live in a DynamoDB item). */
export const MAX_STAT_TEXT_LENGTH = 200;

/**
 * Statistics of one field's non-null values. Min and max are kept per order (text, numeric,
 * temporal, boolean) because the field's final type is known only at the end; `toStats` picks
 * the order of that type. Every value of a file comes through `add`, so it allocates nothing.
 */
export class FieldStatsAccumulator {
  private nonNull = 0;
  private readonly distinct = new DistinctSketch();
  private readonly samples: string[] = [];
  private textMin: string | undefined;
  private textMax = '';
  private numberMin: string | undefined;
  private numberMax = '';
  private numberMinValue = 0;
  private numberMaxValue = 0;
  private timeMin: string | undefined;
  private timeMax = '';
  private falseSeen = false;
  private trueSeen = false;

  get nonNullCount(): number {
    return this.nonNull;
  }

  /** Records one non-null value, given as its text and its own type. */
  add(text: string, type: TypeInfo): void {
    this.nonNull++;
    this.distinct.add(text);
    const samples = this.samples;
    if (samples.length < MAX_SAMPLES && !samples.includes(text)) samples.push(text);
    if (this.textMin === undefined) {
      this.textMin = text;
      this.textMax = text;
    } else if (text < this.textMin) this.textMin = text;
    else if (text > this.textMax) this.textMax = text;
    switch (type.type) {
      case 'integer':
      case 'bigint':
      case 'double':
      case 'decimal':
        this.addNumber(text);
        break;
      case 'date':
      case 'timestamp':
        this.addTime(text);
        break;
      case 'boolean':
        if (text.length === 4) this.trueSeen = true;
        else this.falseSeen = true;
        break;
      case 'null':
      case 'string':
      case 'object':
      case 'array':
        break;
    }
  }

  /** Records the same value as the previous one again: only the count changes. */
  addRepeat(): void {
    this.nonNull++;
  }

  /** Counts a value that is present but not tracked (an object: its fields carry the stats). */
  addUntracked(): void {
    this.nonNull++;
  }

  toStats(rowCount: number, type: FieldType): FieldStats {
    const [min, max] = this.extremes(type);
    return {
      count: rowCount,
      nullCount: rowCount - this.nonNull,
      distinctEstimate: this.distinct.estimate(),
      min: min === undefined ? null : cut(min),
      max: max === undefined ? null : cut(max),
      samples: this.samples.map(cut),
    };
  }

  private extremes(type: FieldType): [string | undefined, string | undefined] {
    switch (type) {
      case 'integer':
      case 'bigint':
      case 'double':
      case 'decimal':
        return this.numberMin === undefined
          ? [undefined, undefined]
          : [this.numberMin, this.numberMax];
      case 'date':
      case 'timestamp':
        return this.timeMin === undefined ? [undefined, undefined] : [this.timeMin, this.timeMax];
      case 'boolean':
        return this.falseSeen || this.trueSeen
          ? [this.falseSeen ? 'false' : 'true', this.trueSeen ? 'true' : 'false']
          : [undefined, undefined];
      case 'string':
        return this.textMin === undefined ? [undefined, undefined] : [this.textMin, this.textMax];
      case 'null':
      case 'object':
      case 'array':
        return [undefined, undefined];
    }
  }

  /** Doubles order numbers monotonically, so only equal doubles need the exact comparison. */
  private addNumber(text: string): void {
    const value = Number(text);
    if (this.numberMin === undefined) {
      this.numberMin = this.numberMax = text;
      this.numberMinValue = this.numberMaxValue = value;
    } else if (
      value < this.numberMinValue ||
      (value === this.numberMinValue &&
        text !== this.numberMin &&
        compareNumberTexts(text, this.numberMin) < 0)
    ) {
      this.numberMin = text;
      this.numberMinValue = value;
    } else if (
      value > this.numberMaxValue ||
      (value === this.numberMaxValue &&
        text !== this.numberMax &&
        compareNumberTexts(text, this.numberMax) > 0)
    ) {
      this.numberMax = text;
      this.numberMaxValue = value;
    }
  }

  private addTime(text: string): void {
    if (this.timeMin === undefined) {
      this.timeMin = this.timeMax = text;
    } else if (compareTemporalTexts(text, this.timeMin) < 0) this.timeMin = text;
    else if (compareTemporalTexts(text, this.timeMax) > 0) this.timeMax = text;
  }
}

function cut(text: string): string {
  return text.length <= MAX_STAT_TEXT_LENGTH ? text : `${text.slice(0, MAX_STAT_TEXT_LENGTH - 1)}…`;
}
