/** Injection tokens for the ports (interfaces have no runtime identity). */
export const OBJECT_STORE = Symbol('OBJECT_STORE');
export const KEY_VALUE_STORE = Symbol('KEY_VALUE_STORE');
export const CLOCK = Symbol('CLOCK');

/** Time as a dependency, so use cases can be tested at any instant. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
