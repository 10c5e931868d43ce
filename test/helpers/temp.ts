import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A fresh temporary folder; removed by the returned cleanup function. */
export async function temporaryFolder(prefix = "specwright-test-"): Promise<{ path: string; remove: () => Promise<void> }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** Writes a spec file into a folder and returns its path. */
export async function writeSpec(folder: string, text: string, name = "openapi.yaml"): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, text);
  return file;
}

/** SHA-256 of every file under a folder, by relative path (for "byte-identical tree" assertions). */
export async function hashTree(folder: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (directory: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path.join(directory, entry.name), relative);
      else result[relative] = createHash("sha256").update(await readFile(path.join(directory, entry.name))).digest("hex");
    }
  };
  await walk(folder, "");
  return result;
}

/** A minimal valid OpenAPI 3.1 document with one operation, as YAML. */
export const minimalSpec = `openapi: 3.1.0
info:
  title: Minimal
  version: 1.0.0
paths:
  /items/{itemId}:
    get:
      operationId: getItem
      parameters:
        - name: itemId
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: An item
          content:
            application/json:
              schema:
                type: object
                properties:
                  id:
                    type: integer
        "404":
          description: No item has this id
`;

/**
 * Temporary folders for a test file: `folder()` makes one, `removeAll()` (for afterEach) removes
 * every folder made since the last call.
 */
export function temporaryFolders(): { folder: () => Promise<string>; removeAll: () => Promise<void> } {
  const removals: (() => Promise<void>)[] = [];
  return {
    folder: async () => {
      const created = await temporaryFolder();
      removals.push(created.remove);
      return created.path;
    },
    removeAll: async () => {
      while (removals.length > 0) await removals.pop()!();
    },
  };
}

/**
 * A spec with one `POST /<name>` operation (operationId `post<Name>`) per named component schema,
 * taking that schema as its required JSON body, so a test can check each schema's validator
 * (`post<Name>_body_json`) and request type. `openapi` is the version string ("3.0.3", "3.1.0").
 */
export function specPostingEachSchema(openapi: string, title: string, schemas: Record<string, unknown>, names: string[] = Object.keys(schemas)): object {
  return {
    openapi,
    info: { title, version: "1" },
    paths: Object.fromEntries(
      names.map((name) => [
        `/${name.toLowerCase()}`,
        {
          post: {
            operationId: `post${name}`,
            requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } },
            responses: { "204": { description: "ok" } },
          },
        },
      ]),
    ),
    components: { schemas },
  };
}
