/**
 * Preloaded (`node --require`) into a measured child when GNU time is missing: at exit it writes
 * the child's own `process.resourceUsage()` (CPU times in microseconds, maxRSS in KiB) as JSON
 * to the file named by BENCH_RESOURCE_USAGE_FILE.
 */
"use strict";
const { writeFileSync } = require("node:fs");

process.once("exit", () => {
  const file = process.env.BENCH_RESOURCE_USAGE_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.resourceUsage()));
});
