// A static file server for the browser tests: the project's files over HTTP on 127.0.0.1, as a page and its
// module workers load them. Two things a bundler would otherwise do: bare imports of @noble/* in the served
// JavaScript point at node_modules (a module worker has no import map), and with `isolated` every response
// carries the COOP/COEP headers that make the page cross-origin isolated (SharedArrayBuffer exists only then).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { resolve, sep, extname } from 'node:path';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json', '.map': 'application/json' };

/** Rewrites `'@noble/…'` import specifiers of a served module to the package's files. */
const withNodeModules = (source) => source.replace(/(from\s*|import\s*\(\s*)(['"])(@noble\/)/g, '$1$2/node_modules/$3');

/**
 * Serves `root`; `pages` maps a path to an HTML text served at it. Resolves with { url, close }. A path
 * outside `root`, or a file that is not there, is a 404.
 */
export async function startStaticServer(root, { isolated = false, pages = {} } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pages[path] !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
      res.end(pages[path]);
      return;
    }
    const file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) { res.writeHead(404, headers); res.end(); return; }
    try {
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      let body = await readFile(file);
      if (type === 'text/javascript') body = withNodeModules(body.toString('utf8'));
      res.writeHead(200, { ...headers, 'Content-Type': type });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
  };
}
