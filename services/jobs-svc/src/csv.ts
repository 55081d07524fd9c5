/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; objects as JSON. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value instanceof Set ? [...value] : value) : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: prefix it (OWASP CSV injection).
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: ReadonlyArray<unknown>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Columns of an export: the key first, then every other attribute of the sample, sorted. */
export function columnsOf(sample: ReadonlyArray<Record<string, unknown>>, keyName: string): string[] {
  const names = new Set<string>();
  for (const item of sample) for (const name of Object.keys(item)) names.add(name);
  names.delete(keyName);
  return [keyName, ...[...names].sort()];
}
