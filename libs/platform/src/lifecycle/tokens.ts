/** Injection tokens for what the platform gives every service. */
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
