/**
 * `npm run build`'s last step, run from the repository's root after tsc: bundles the runtime's
 * entry point (bundle-runtime.ts), then assembles `dist/packages/runtime` and
 * `dist/packages/client` (see light-packages.ts) from the freshly compiled `dist/src`.
 */
import { bundleRuntimeEntry } from "./bundle-runtime.js";
import { assembleLightPackages } from "./light-packages.js";

await bundleRuntimeEntry(process.cwd());
await assembleLightPackages(process.cwd());
