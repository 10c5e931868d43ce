import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  resolve: {
    // Generated code imports the public entry points; inside this repository they are the sources,
    // so tests see one copy of the runtime (a user's project resolves them through package exports).
    alias: [
      { find: /^specwright\/runtime$/, replacement: source("./src/runtime/index.ts") },
      { find: /^specwright\/client$/, replacement: source("./src/client/index.ts") },
      { find: /^specwright\/client\/undici$/, replacement: source("./src/client/undici.ts") },
      { find: /^specwright$/, replacement: source("./src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/bench/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: "forks",
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
  },
});
