import { join } from 'node:path';

/**
 * A file this service reads at run time (templates, stylesheets), by its path under `src/`. Found from this
 * module's folder: `src/` under ts-node, the bundle's folder once compiled (`dist/apps/<app>/`), where the
 * build target copies the same files to the same relative paths.
 */
export function assetPath(...parts: string[]): string {
  return join(__dirname, ...parts);
}
