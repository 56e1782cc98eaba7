/** Milliseconds in a minute, an hour and a day (UTC days: JavaScript time has no leap seconds). */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
