/** Prints a benchmark's table, then its figures as one JSON line (always the last line). */
export function report(name: string, rows: ReadonlyArray<Record<string, string | number>>, figures: Record<string, unknown>): void {
  const format = (value: string | number): string =>
    typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(3)) : value;
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => format(row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, index) => cell.padEnd(widths[index] as number)).join('  ');
  process.stdout.write(`\n${name}\n${line(columns)}\n${line(widths.map((width) => '-'.repeat(width)))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((column) => format(row[column] ?? '')))}\n`);
  process.stdout.write(`\n${JSON.stringify({ benchmark: name, ...figures })}\n`);
}
