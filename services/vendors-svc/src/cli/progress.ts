import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for results); plain lines when not a terminal. */
export function progressBar(label: string): SingleBar {
  return new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2_000,
    },
    Presets.shades_classic,
  );
}
