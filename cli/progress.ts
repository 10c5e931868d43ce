/**
 * Progress of `specwright generate` on a terminal: a line per phase as it ends, with its wall
 * time, and the phase under way on a line that is rewritten (`\r` and erase-line, ECMA-48 EL).
 * Only on a terminal: in CI logs, where stderr is a file or a pipe, a run prints its result line
 * and nothing else.
 */
import type { GenerateProgress } from "../src/generate.js";

/** Where progress is written: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Formats milliseconds for a progress line: `12 ms`, `1.4 s`. */
export function formatDuration(milliseconds: number): string {
  return milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * A listener for generate()'s `onProgress` that writes to `stream`, or undefined when there is
 * nothing to show: `stream` is not a terminal (`isTTY`), or `quiet`. `interactive` overrides the
 * terminal test (tests force it either way).
 */
export function terminalProgress(stream: ProgressStream, options: { quiet?: boolean; interactive?: boolean } = {}): ((event: GenerateProgress) => void) | undefined {
  if (options.quiet || !(options.interactive ?? stream.isTTY === true)) return undefined;
  const running: string[] = [];
  const clearLine = "\r\x1b[K";
  const label = (event: GenerateProgress): string => (event.emitter ? `${event.phase} ${event.emitter}` : event.phase);
  return (event) => {
    const name = label(event);
    if (event.state === "start") {
      running.push(name);
      stream.write(`${clearLine}  ${name}…`);
      return;
    }
    running.splice(running.indexOf(name), 1);
    stream.write(`${clearLine}  ${name.padEnd(20)} ${formatDuration(event.milliseconds).padStart(8)}\n`);
    // A phase still under way (types.ts is emitted in a worker beside the others) shows again.
    const current = running[running.length - 1];
    if (current) stream.write(`  ${current}…`);
  };
}
