/** Progress lines on stderr, so stdout stays the table and the JSON line. */
const t0 = Date.now();
export function progress(msg: string): void {
  process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
}
