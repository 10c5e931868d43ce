/**
 * `specwright generate --watch` regenerates after every change of the spec, in the same process
 * (the compiler stays loaded), and keeps watching after a spec error.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { minimalSpec, temporaryFolders, writeSpec } from "../helpers/temp.js";

const cli = path.resolve("dist/cli/specwright.js");
const { folder, removeAll } = temporaryFolders();
let watcher: ChildProcess | undefined;
afterEach(async () => {
  watcher?.kill("SIGTERM");
  watcher = undefined;
  await removeAll();
});

/**
 * Collects a child's stdout and stderr lines; `until(pattern)` resolves with the next line that
 * matches (an editor's save can fire the watcher twice; the extra run prints "already current").
 */
function lines(child: ChildProcess): { until: (pattern: RegExp) => Promise<string> } {
  const buffered: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const push = (chunk: Buffer): void => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else buffered.push(line);
    }
  };
  child.stdout!.on("data", push);
  child.stderr!.on("data", push);
  const next = (): Promise<string> => (buffered.length > 0 ? Promise.resolve(buffered.shift()!) : new Promise((resolve) => waiting.push(resolve)));
  return {
    until: async (pattern) => {
      for (;;) {
        const line = await next();
        if (pattern.test(line)) return line;
      }
    },
  };
}

describe("specwright generate --watch", () => {
  it("regenerates on every change and survives a broken spec", async () => {
    const work = await folder();
    const spec = await writeSpec(work, minimalSpec);
    const out = path.join(work, "generated");
    watcher = spawn(process.execPath, [cli, "generate", spec, "--out", out, "--watch"], { stdio: ["ignore", "pipe", "pipe"] });
    const output = lines(watcher);
    await output.until(/wrote \d+ files/);

    await writeFile(spec, minimalSpec.replace("version: 1.0.0", "version: 2.0.0"));
    await output.until(/wrote \d+ files/);
    expect(await readFile(path.join(out, "routes.ts"), "utf8")).toContain('version: "2.0.0"');

    await writeFile(spec, minimalSpec.replace("openapi: 3.1.0", "openapi: 9.9.9"));
    await output.until(/SPW_E_VERSION/);
    await output.until(/left unchanged/);

    await writeFile(spec, minimalSpec.replace("version: 1.0.0", "version: 3.0.0"));
    await output.until(/wrote \d+ files/);
    expect(await readFile(path.join(out, "routes.ts"), "utf8")).toContain('version: "3.0.0"');
    expect(watcher.exitCode).toBeNull();
  }, 60_000);
});
