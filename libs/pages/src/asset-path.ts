import { join } from 'node:path';

/** Run from the sources (ts-node, Jest) this module is a .ts file; compiled, it is part of the app's bundle. */
const FROM_SOURCES = __filename.endsWith('.ts');

/**
 * A file an app reads at run time (templates, stylesheets), by its path under the app's `src/`: there when run from
 * the sources, in the bundle's folder once compiled (`dist/apps/<app>/`), where the build target copies the same
 * files to the same relative paths.
 */
export function assetPath(app: string, ...parts: string[]): string {
  return FROM_SOURCES ? join(__dirname, '..', '..', '..', 'apps', app, 'src', ...parts) : join(__dirname, ...parts);
}
