import { join } from 'node:path';

/**
 * A file the desk reads at run time (templates, the stylesheet), by its path under `src/`: `src/` under
 * ts-node, the bundle's folder once compiled (`dist/apps/desk/`), where the build target copies them.
 */
export function assetPath(...parts: string[]): string {
  return join(__dirname, ...parts);
}
