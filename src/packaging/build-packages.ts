/**
 * `npm run build`'s last step: assembles `dist/packages/runtime` and `dist/packages/client` (see
 * light-packages.ts) from the freshly compiled `dist/src`. Run from the repository's root.
 */
import { assembleLightPackages } from "./light-packages.js";

await assembleLightPackages(process.cwd());
