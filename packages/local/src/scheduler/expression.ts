import { CronExpressionParser } from 'cron-parser';

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * The delay until the next firing of an EventBridge schedule expression:
 * `rate(5 minutes)` or `cron(min hour day-of-month month day-of-week year)` in UTC.
 */
export function nextDelayMs(expression: string, now: Date = new Date()): number {
  const rate = /^rate\((\d+)\s+(\w+)\)$/.exec(expression.trim());
  if (rate) {
    const unit = UNIT_MS[rate[2] as string];
    if (!unit) throw new Error(`Unsupported rate unit in "${expression}"`);
    return Number(rate[1]) * unit;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) {
    // EventBridge has six fields (the last is the year) and '?' for "any": cron-parser wants five and '*'.
    const fields = (cron[1] as string).trim().split(/\s+/);
    if (fields.length !== 6) throw new Error(`EventBridge cron needs 6 fields: "${expression}"`);
    const fiveFields = fields
      .slice(0, 5)
      .map((field) => (field === '?' ? '*' : field))
      .join(' ');
    const next = CronExpressionParser.parse(fiveFields, { currentDate: now, tz: 'UTC' }).next();
    return next.getTime() - now.getTime();
  }
  throw new Error(`Not an EventBridge schedule expression: "${expression}"`);
}
