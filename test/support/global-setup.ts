import { execFileSync } from 'node:child_process';

/** Tests that spawn the server or load the widget use the real bundles: build them once. */
export default function setup(): void {
  execFileSync(process.execPath, ['server/build.mjs', '--quiet'], { stdio: 'inherit' });
}
