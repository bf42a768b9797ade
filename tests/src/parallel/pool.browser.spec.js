// The worker pool's branch for browsers (src/parallel/pool.ts: Web Workers, replies as message events only, a
// death seen as an error event or by the watchdog), run in a real Chromium through playwright-core: blocks on
// two module workers equal sequential execution, with and without SharedArrayBuffer (a page cross-origin
// isolated or not), and workers that throw, close themselves or hang are handled. Needs a Chromium
// (PAREVM_CHROMIUM, else /usr/bin/chromium and the usual places; Debian: apt-get install chromium): without
// one the tests are reported as pending, with the reason.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../helpers/static-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PAGE = '<!doctype html><meta charset="utf-8"><title>parevm pool</title><script type="module" src="/tests/helpers/browser-pool-page.js"></script>';

function findChromium() {
  const candidates = [process.env.PAREVM_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((path) => path && existsSync(path));
}

describe('parallel/pool in a browser (Chromium, Web Workers)', function () {
  this.timeout(180_000);
  let context, profile;
  const servers = [];

  before(async function () {
    const executablePath = findChromium();
    if (!executablePath) {
      console.log('    (pending: no Chromium found; set PAREVM_CHROMIUM to one, or on Debian: apt-get install chromium)');
      this.skip();
    }
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'parevm-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await context?.close();
    for (const s of servers) await s.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens the test page from a server of the project (COOP/COEP when `isolated`) and runs it. */
  async function runPage(isolated) {
    const server = await startStaticServer(ROOT, { isolated, pages: { '/pool.html': PAGE } });
    servers.push(server);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${server.url}/pool.html`);
      await page.waitForFunction(() => window.parevmReady === true || undefined, null, { timeout: 60_000 }).catch((e) => {
        throw new Error(`the test page did not load: ${errors.join('; ') || e.message}`);
      });
      return await page.evaluate(() => window.parevmPoolTest());
    } finally {
      await page.close();
    }
  }

  function checkBlocks(out) {
    assert.equal(out.workers, 2);
    assert.ok(out.parallelism >= 1);
    assert.equal(out.blocks.length, 8);
    for (const b of out.blocks) {
      assert.ok(b.same, `${b.name}: differs from sequential`);
      assert.equal(b.mode, 'parallel', b.name);
      assert.deepEqual(b.failures, [], b.name);
      assert.ok(b.onWorkers > 0, `${b.name}: the workers ran none of it`);
    }
    const f = out.faults;
    assert.ok(f.throws.same && f.throws.failures.length === 1 && /injected worker fault/.test(f.throws.failures[0]), JSON.stringify(f.throws));
    assert.ok(f.afterThrow.same && f.afterThrow.workers === 2 && f.afterThrow.failures.length === 0, JSON.stringify(f.afterThrow));
    for (const label of ['closes', 'hangs']) {
      assert.ok(f[label].same, `${label}: differs from sequential`);
      assert.equal(f[label].failures.length, 1, JSON.stringify(f[label]));
      assert.match(f[label].failures[0], /^worker 0 sent no reply in 300 ms/);
      assert.ok(f[label].ms < 10_000, `${label}: the block waited ${f[label].ms} ms`);
      assert.ok(f[`after ${label}`].replaced && f[`after ${label}`].same && f[`after ${label}`].failures.length === 0, JSON.stringify(f[`after ${label}`]));
    }
  }

  it('a cross-origin isolated page (SharedArrayBuffer): blocks on two workers equal sequential; failed workers are handled', async () => {
    const out = await runPage(true);
    assert.equal(out.crossOriginIsolated, true);
    assert.equal(out.sharedArrayBuffer, true);
    checkBlocks(out);
    assert.ok(out.auto.same, 'the planner as it chooses: differs from sequential');
  });

  it('a page without SharedArrayBuffer: the same when forced onto the workers (state and claims in plain buffers); as it chooses, the planner keeps the block on its own thread', async () => {
    const out = await runPage(false);
    assert.equal(out.crossOriginIsolated, false);
    assert.equal(out.sharedArrayBuffer, false);
    checkBlocks(out);
    assert.ok(out.auto.same);
    assert.equal(out.auto.mode, 'sequential');
    assert.match(out.auto.reason, /^no SharedArrayBuffer here/);
  });
});
