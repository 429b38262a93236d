/**
 * Launches headless Chromium through playwright-core for end-to-end tests. We never download a
 * browser, at install time or at test time. The binary is, in this order:
 *   1. MAKEGOOD_CHROMIUM, when set (a path to any Chromium/Chrome binary);
 *   2. /usr/bin/chromium, when the machine has Debian's package;
 *   3. the Chromium that arrives with `npm install` inside the @sparticuz/chromium devDependency
 *      (a brotli-compressed headless-shell build in its bin/chromium.br), unpacked once per
 *      machine and package version into $TMPDIR/makegood-chromium-<version>/chromium (~4 s).
 *
 * Why not `await chromium.executablePath()` from the package: it unpacks into the fixed path
 * /tmp/chromium and treats any existing file there as done, so two test files starting together
 * (vitest runs two workers) can launch a half-written binary, and after a package upgrade the old
 * version keeps being used. We unpack to a temp name and rename, which is atomic; two workers
 * racing each produce a whole binary and the last rename wins.
 *
 * The package's own `args` (--single-process, --no-zygote, --disable-web-security, swiftshader
 * GL, …) are for AWS Lambda; measured here, the npm binary launches and runs both e2e files with
 * only our flags below, and without its fonts/swiftshader archives (Debian's fontconfig and
 * DejaVu fonts are in the base image; --disable-gpu needs no GL libraries).
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const NPM_PACKAGE = '@sparticuz/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ChromiumSource = 'MAKEGOOD_CHROMIUM' | 'system' | 'npm';

export interface ChromiumBinary {
  path: string;
  source: ChromiumSource;
}

/** Where the npm package keeps its compressed binary, and the package version (for the cache dir). */
function npmChromium(): { archive: string; version: string } {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(NPM_PACKAGE);
  } catch {
    throw new Error(
      `test/support/chromium.ts: no Chromium for the browser tests: MAKEGOOD_CHROMIUM is not set, ` +
        `${SYSTEM_CHROMIUM} does not exist, and the devDependency ${NPM_PACKAGE} is not installed (run npm install)`,
    );
  }
  // entry is <pkg>/build/cjs/index.cjs; the archives live in <pkg>/bin.
  const root = join(dirname(entry), '..', '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { archive: join(root, 'bin', 'chromium.br'), version };
}

/** Half-written binaries left by a run that was killed while unpacking (~200 MB each). */
async function removeStalePartials(dir: string): Promise<void> {
  const old = Date.now() - 10 * 60_000;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.endsWith('.partial')) continue;
    const s = await stat(join(dir, name)).catch(() => null);
    if (s && s.mtimeMs < old) await rm(join(dir, name), { force: true });
  }
}

/** Unpack the npm package's chromium.br once; concurrent callers each write a temp file and rename. */
async function unpackNpmChromium(): Promise<string> {
  const { archive, version } = npmChromium();
  if (!existsSync(archive)) {
    throw new Error(`test/support/chromium.ts: ${archive} is missing; reinstall ${NPM_PACKAGE} (npm install)`);
  }
  const dir = join(tmpdir(), `makegood-chromium-${version}`);
  const binary = join(dir, 'chromium');
  if (existsSync(binary)) return binary;
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const info = await stat(dir);
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
    throw new Error(`test/support/chromium.ts: ${dir} belongs to another user (uid ${info.uid}); remove it or set MAKEGOOD_CHROMIUM`);
  }
  await removeStalePartials(dir);
  const partial = join(dir, `chromium.${process.pid}.${Date.now()}.partial`);
  try {
    await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(partial, { mode: 0o755 }));
    await rename(partial, binary);
  } catch (err) {
    await rm(partial, { force: true });
    throw new Error(`test/support/chromium.ts: could not unpack ${archive} into ${dir}: ${(err as Error).message}`);
  }
  return binary;
}

/** The Chromium binary the browser tests use (see the file comment for the order). */
export async function chromiumExecutable(): Promise<ChromiumBinary> {
  const fromEnv = process.env.MAKEGOOD_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`test/support/chromium.ts: MAKEGOOD_CHROMIUM=${fromEnv} does not exist`);
    return { path: fromEnv, source: 'MAKEGOOD_CHROMIUM' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  return { path: await unpackNpmChromium(), source: 'npm' };
}

/** Start a headless Chromium. Close it in afterAll: `await browser.close()`. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { path } = await chromiumExecutable();
  return chromium.launch({
    executablePath: path,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
