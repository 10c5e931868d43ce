/**
 * `npm run build`'s last step, run from the repository's root after tsc: precompiles the OpenAPI
 * schema validators into `dist/src/load` (load/openapi-schema-validators.ts), bundles the
 * runtime's entry point (bundle-runtime.ts), then assembles `dist/packages/runtime` and
 * `dist/packages/client` (see light-packages.ts) from the freshly compiled `dist/src`.
 */
import path from "node:path";
import { writeOpenApiSchemaValidators } from "../load/openapi-schema-validators.js";
import { bundleRuntimeEntry } from "./bundle-runtime.js";
import { assembleLightPackages } from "./light-packages.js";

await writeOpenApiSchemaValidators(path.join(process.cwd(), "dist", "src", "load"));
await bundleRuntimeEntry(process.cwd());
await assembleLightPackages(process.cwd());
