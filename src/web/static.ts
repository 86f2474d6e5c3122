/**
 * Static files for the pages: the repository's `web/` folder at /static/…, and files of a few
 * pinned npm packages (the explorer's and the dashboard's browser builds) at /vendor/<package>/….
 * Only the packages in VENDOR_PACKAGES and only the file types in CONTENT_TYPES are served; a
 * path that climbs out of its folder (`..`, encoded or not), a dotfile or a directory is 404.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The repository's web/ folder (the same from src/web and from dist/web). */
export const WEB_DIR = join(__dirname, '..', '..', 'web');

/**
 * The npm packages whose files pages may load (each pinned in package.json). Add a package here
 * to serve it: `/vendor/<package>/<path inside the package>`.
 */
export const VENDOR_PACKAGES: readonly string[] = ['graphiql', 'react', 'react-dom', 'graphql-ws'];

/** The file types served, with their content types; anything else is 404. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Caching: vendor files change only with a package upgrade; our own files are revalidated (ETag) on every load. */
export const VENDOR_CACHE_CONTROL = 'public, max-age=86400';
export const WEB_CACHE_CONTROL = 'no-cache';

/** The URL of a vendor file, e.g. vendorUrl('graphiql', 'graphiql.min.js'). */
export function vendorUrl(pkg: string, file: string): string {
  if (!VENDOR_PACKAGES.includes(pkg)) throw new Error(`${pkg} is not in VENDOR_PACKAGES (src/web/static.ts)`);
  return `/vendor/${pkg}/${file}`;
}

/** The URL of a file of the web/ folder, e.g. webUrl('explorer.js'). */
export function webUrl(file: string): string {
  return `/static/${file}`;
}

/** Whether a request path (as received, and decoded) stays inside its folder and names an allowed file type. */
function safePath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return false;
  return Object.hasOwn(CONTENT_TYPES, extname(decoded).toLowerCase());
}

function notFound(res: Response) {
  res.status(404).type('text/plain').send('Not found');
}

/** One folder served under a mount point: allowed types only, our content types and caching. */
function folder(root: string, cacheControl: string) {
  const serve = express.static(root, {
    dotfiles: 'deny',
    index: false,
    redirect: false,
    fallthrough: true,
    etag: true,
    lastModified: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('Content-Type', CONTENT_TYPES[extname(path).toLowerCase()]);
      res.setHeader('Cache-Control', cacheControl);
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
    if (!safePath(req.path)) return notFound(res);
    serve(req, res, (err?: unknown) => (err ? next(err) : notFound(res)));
  };
}

/** The folder of an installed package (resolved from this module, as Node resolves it). */
function packageDir(pkg: string): string | null {
  try {
    return dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return null;
  }
}

/** GET /vendor/<package>/<file>: files of the packages in VENDOR_PACKAGES. */
export function vendorFiles(): express.Router {
  const router = express.Router();
  for (const pkg of VENDOR_PACKAGES) {
    const dir = packageDir(pkg);
    if (dir) router.use(`/${pkg}`, folder(dir, VENDOR_CACHE_CONTROL));
  }
  router.use((_req, res) => notFound(res));
  return router;
}

/** GET /static/<file>: the repository's web/ folder. */
export function webFiles(): express.RequestHandler {
  if (!existsSync(WEB_DIR)) return (_req, res) => notFound(res);
  return folder(WEB_DIR, WEB_CACHE_CONTROL);
}
