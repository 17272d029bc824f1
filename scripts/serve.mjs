// A small, dependency-free static file server for the built playground (`npm start`) and the
// browser tests. GET/HEAD only, 127.0.0.1 by default, no directory listings, no way out of the
// served folders (decoded, normalised and real paths are all checked), correct MIME types for
// .wasm/.mjs, and optionally the strict Content-Security-Policy the page is built for. As a
// static host does (for the cold-load benchmark), it can also compress responses and let the
// browser cache them (`staticHost: true`).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, realpath, readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Resolves a URL path inside one of the mounts ({prefix: '/', dir}), longest prefix first.
 * `dir` may also be a single file, served at exactly `prefix`.
 * Returns the file path or null when the request leaves the mount or is malformed.
 */
export async function resolvePath(urlPath, mounts) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  for (const { prefix, dir } of sorted) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length);
    const base = path.resolve(dir);
    const file = path.resolve(base, '.' + path.posix.normalize('/' + rel));
    const inside = (p, b) => p === b || p.startsWith(b + path.sep);
    if (!inside(file, base)) return null;
    let real;
    try {
      real = await realpath(file);
    } catch {
      return null;
    }
    if (!inside(real, await realpath(base))) return null;  // a symlink pointing outside
    let s = await stat(real);
    if (s.isDirectory()) {
      if (!decoded.endsWith('/')) return { redirect: urlPath + '/' };
      real = path.join(real, 'index.html');
      try {
        s = await stat(real);
      } catch {
        return null;
      }
    }
    return s.isFile() ? { file: real, size: s.size } : null;
  }
  return null;
}

// What `staticHost: true` compresses (what static hosts gzip), and the files it lets browsers keep:
// Vite's hashed files under assets/ never change under their name.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt']);
const IMMUTABLE = /\/assets\/[^/]+-[\w-]{8}\.\w+$/;

/** gzip of a file, kept while its size and time stay the same. */
const gzipped = new Map();
async function gzipOf(file, size, mtime) {
  const key = `${file}:${size}:${mtime}`;
  if (!gzipped.has(key)) gzipped.set(key, gzipSync(await readFile(file), { level: 9 }));
  return gzipped.get(key);
}

/**
 * Starts the server. `mounts`: [{prefix: '/', dir}], `csp`: a policy string, true for the strict
 * one, or false. `staticHost`: behave like a static host — gzip for clients that accept it, ETags
 * and 304s, and a year's caching for hashed assets (else every response is `no-cache` and
 * uncompressed). Resolves to {server, url, close()}. Each request is passed to `onRequest`.
 */
export async function serve({ mounts, host = '127.0.0.1', port = 0, csp = false, onRequest, staticHost = false } = {}) {
  const policy = csp === true ? STRICT_CSP : csp || null;
  const server = createServer(async (req, res) => {
    onRequest?.(req);
    const headers = {
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      // Static, public files: a sandboxed iframe (opaque origin "null") must be able to load
      // the module scripts, the worker and the .wasm, which are CORS requests from there.
      'Access-Control-Allow-Origin': '*',
      'Referrer-Policy': 'no-referrer',
    };
    if (policy) headers['Content-Security-Policy'] = policy;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      res.writeHead(400, headers).end();
      return;
    }
    let found = null;
    try {
      found = await resolvePath(url.pathname, mounts);
    } catch {
      found = null;
    }
    if (found?.redirect) {
      res.writeHead(301, { ...headers, Location: found.redirect + url.search }).end();
      return;
    }
    if (!found) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const ext = path.extname(found.file).toLowerCase();
    const type = TYPES[ext] ?? 'application/octet-stream';
    if (staticHost) {
      const { mtimeMs } = await stat(found.file);
      const etag = `"${found.size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
      headers['Cache-Control'] = IMMUTABLE.test(url.pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
      headers.ETag = etag;
      headers.Vary = 'Accept-Encoding';
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, headers).end();
      if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        const body = await gzipOf(found.file, found.size, mtimeMs);
        res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
    }
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': found.size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  return {
    server,
    url: `http://${host}:${addr.port}/`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
