/**
 * `specwright init [dir]`: creates a project and prints what to run next. Exit codes: 0 created;
 * 2 the folder is not empty (nothing written); 4 an unexpected failure (the message says which
 * files were written before it).
 */
import path from "node:path";
import { FolderNotEmptyError, initProject, tolerableEntries } from "../src/init/init.js";
import { exitCodes } from "./exit-codes.js";

/** The options of `specwright init`, as commander parses them. */
export interface InitCommandOptions {
  specwrightVersion?: string;
}

/** Runs one `specwright init` and returns the exit code. */
export async function initCommand(folder: string, options: InitCommandOptions): Promise<number> {
  try {
    const result = await initProject({ folder, ...(options.specwrightVersion !== undefined ? { specwrightVersion: options.specwrightVersion } : {}) });
    const relative = path.relative(process.cwd(), result.folder);
    const shown = relative === "" ? "." : relative.startsWith("..") ? result.folder : relative;
    const lines = [
      `specwright: created a project in ${shown}: ${result.files.join(", ")}`,
      "",
      "Next:",
      ...(shown === "." ? [] : [`  cd ${shown.includes(" ") ? JSON.stringify(shown) : shown}`]),
      "  npm install",
      "  npm run dev     # serves http://127.0.0.1:3000/docs; regenerates on spec changes, restarts on code changes",
      "  npm test        # generate, tsc, then vitest: inject() and fuzz against the spec",
      "  npm start       # build with tsc, run with node",
      "",
    ];
    process.stdout.write(lines.join("\n"));
    return exitCodes.done;
  } catch (error) {
    if (error instanceof FolderNotEmptyError) {
      process.stderr.write(
        `specwright init: ${error.folder} is not empty: ${error.entries.join(", ")}\n` +
          `  init writes only into an empty folder (or one holding only ${[...tolerableEntries].join(", ")}); nothing was written\n`,
      );
      return exitCodes.usage;
    }
    process.stderr.write(`specwright init: ${(error as Error).message}\n`);
    return exitCodes.internal;
  }
}
