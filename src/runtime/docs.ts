/**
 * The documentation endpoints: the bundled OpenAPI document at `/openapi.json` and Swagger UI at
 * `/docs` (FastAPI's defaults), with Swagger UI's files served from this machine (no CDN): from
 * the copy @specwright/runtime carries, or from the `swagger-ui-dist` package. They are answered before the API routes, so a spec path with one of these exact names
 * is shadowed; pass other paths or `docs: false` in the server options to avoid that.
 *
 * Only fixed names are ever served: the asset path is looked up in a table, never joined to a
 * folder, so `/docs/../package.json` or `/docs/%2e%2e/x` cannot reach a file (path traversal, CWE-22);
 * they fall through to the router and get its 404.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runtimeError } from "./errors.js";
import type { ApiDefinition } from "./route-definition.js";

/** Where the documentation endpoints are served (`ServerOptions.docs`). */
export interface DocsOptions {
  /** Path of the bundled OpenAPI document. Default `/openapi.json`. */
  openApiPath?: string;
  /** Path of the Swagger UI page; its files are served under `<docsPath>/`. Default `/docs`. */
  docsPath?: string;
}

/** The defaults of {@link DocsOptions}. */
export const defaultDocsOptions: Required<DocsOptions> = { openApiPath: "/openapi.json", docsPath: "/docs" };

/** The documentation endpoints of one server, built once by {@link createDocsRoutes}. */
export interface DocsRoutes {
  readonly openApiPath: string;
  readonly docsPath: string;
  /**
   * The responder for `path` (the raw request path, without the query) when it is one of the
   * documentation paths; undefined otherwise, leaving the request to the router. The responder
   * answers GET and HEAD, and throws HttpError 405 (with `Allow: GET, HEAD`) for other methods.
   */
  match(path: string): ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
}

/** A response body with its content type and entity tag, computed once. */
interface Resource {
  contentType: string;
  body: Buffer;
  etag: string;
}

/** The files of `swagger-ui-dist` that `/docs` uses, with their content types. Nothing else is served. */
export const swaggerUiAssets: ReadonlyMap<string, string> = new Map([
  ["swagger-ui.css", "text/css; charset=utf-8"],
  ["index.css", "text/css; charset=utf-8"],
  ["swagger-ui-bundle.js", "text/javascript; charset=utf-8"],
  ["swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8"],
  ["favicon-32x32.png", "image/png"],
  ["favicon-16x16.png", "image/png"],
  ["oauth2-redirect.html", "text/html; charset=utf-8"],
  ["oauth2-redirect.js", "text/javascript; charset=utf-8"],
]);

/** A path of RFC 3986 `pchar`s: one or more non-empty segments, no trailing slash, no `.`/`..` segment. */
const pathPattern = /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)+$/;

/** Asset files read so far, by absolute file name (shared by every server of the process). */
const assetCache = new Map<string, Promise<Resource>>();

/**
 * Builds the documentation endpoints for an API, or returns undefined when they are turned off
 * (`options === false`) or the definition carries no `document`.
 *
 * Throws Error at startup when a path is not an absolute path of plain segments (`/docs`,
 * `/api/openapi.json`; no trailing slash, query, `.` or `..`), when both paths are the same, or
 * when the `swagger-ui-dist` package cannot be found. Both paths are served under `basePath`
 * (`""`, or `/api/v1` without a trailing slash), where the operations are. With
 * `serversAtBasePath` (the server was given its own base path), the served document's `servers`
 * becomes `[{ url: basePath }]`, so "Try it out" calls this server. The document is read from the
 * definition (calling `api.document` when it is a function) on the first request for it, and
 * again after a read that threw.
 */
export function createDocsRoutes(api: ApiDefinition, options: DocsOptions | false | undefined, basePath = "", serversAtBasePath = false): DocsRoutes | undefined {
  if (options === false || api.document === undefined) return undefined;
  const ownOpenApiPath = options?.openApiPath ?? defaultDocsOptions.openApiPath;
  const ownDocsPath = options?.docsPath ?? defaultDocsOptions.docsPath;
  for (const [name, value] of [["openApiPath", ownOpenApiPath], ["docsPath", ownDocsPath]] as const) {
    if (!pathPattern.test(value) || value.split("/").some((segment) => segment === "." || segment === "..")) {
      throw new Error(`docs.${name} must be an absolute path like "/docs" (no trailing slash, query or dot segments), got ${JSON.stringify(value)}`);
    }
  }
  if (ownOpenApiPath === ownDocsPath) throw new Error(`docs.openApiPath and docs.docsPath are both ${JSON.stringify(ownDocsPath)}`);
  const openApiPath = basePath + ownOpenApiPath;
  const docsPath = basePath + ownDocsPath;
  const assetFolder = swaggerUiFolder();
  const page = resource("text/html; charset=utf-8", Buffer.from(renderDocsPage(api.title, openApiPath, docsPath)));
  let served: object | undefined;
  const servedDocument = (): object => {
    if (served) return served;
    const document = typeof api.document === "function" ? api.document() : api.document!;
    return (served = serversAtBasePath ? { ...document, servers: [{ url: basePath === "" ? "/" : basePath }] } : document);
  };
  let documentResource: Resource | undefined;
  const documentOf = (): Resource => (documentResource ??= resource("application/json", Buffer.from(JSON.stringify(servedDocument()))));
  // The same document as YAML beside it (`/openapi.json` → `/openapi.yaml`); yaml is loaded on first use.
  const yamlPath = openApiPath.endsWith(".json") ? `${openApiPath.slice(0, -".json".length)}.yaml` : undefined;
  let yamlResource: Promise<Resource> | undefined;
  const yamlOf = (): Promise<Resource> =>
    (yamlResource ??= import("yaml")
      .then(({ stringify }) => resource("application/yaml; charset=utf-8", Buffer.from(stringify(servedDocument(), { aliasDuplicateObjects: false }))))
      .catch((error: unknown) => {
        // Not kept: the next request tries again, as /openapi.json does.
        yamlResource = undefined;
        throw error;
      }));

  return {
    openApiPath,
    docsPath,
    match(requestPath) {
      let load: () => Resource | Promise<Resource>;
      if (requestPath === openApiPath) load = documentOf;
      else if (requestPath === yamlPath) load = yamlOf;
      else if (requestPath === docsPath || requestPath === `${docsPath}/`) load = () => page;
      else if (requestPath.startsWith(`${docsPath}/`) && swaggerUiAssets.has(requestPath.slice(docsPath.length + 1))) {
        const name = requestPath.slice(docsPath.length + 1);
        load = () => loadAsset(path.join(assetFolder, name), swaggerUiAssets.get(name)!);
      } else {
        return undefined;
      }
      return async (request, response) => {
        if (request.method !== "GET" && request.method !== "HEAD") {
          throw runtimeError("SPW_HTTP_METHOD_NOT_ALLOWED", `${request.method} is not allowed for ${requestPath}`, { headers: { allow: "GET, HEAD" } });
        }
        // A GET carrying a body: drain it so the connection stays usable.
        request.resume();
        send(request, response, await load());
      };
    },
  };
}

/**
 * The Swagger UI page: the title HTML-escaped, asset URLs under `docsPath`, and an inline script
 * whose configuration is JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped, so no value can end
 * the script element. Swagger UI loads the document from `openApiPath`; its online validator
 * (which would send the document's URL to validator.swagger.io) is turned off.
 */
export function renderDocsPage(title: string, openApiPath: string, docsPath: string): string {
  const asset = (name: string): string => escapeHtml(`${docsPath}/${name}`);
  const config = {
    url: openApiPath,
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "StandaloneLayout",
    validatorUrl: null,
    oauth2RedirectUrl: `${docsPath}/oauth2-redirect.html`,
  };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" type="text/css" href="${asset("swagger-ui.css")}">
<link rel="stylesheet" type="text/css" href="${asset("index.css")}">
<link rel="icon" type="image/png" href="${asset("favicon-32x32.png")}" sizes="32x32">
<link rel="icon" type="image/png" href="${asset("favicon-16x16.png")}" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${asset("swagger-ui-bundle.js")}" charset="utf-8"></script>
<script src="${asset("swagger-ui-standalone-preset.js")}" charset="utf-8"></script>
<script>
window.addEventListener("load", function () {
  var config = ${scriptJson(config)};
  config.oauth2RedirectUrl = new URL(config.oauth2RedirectUrl, window.location.href).href;
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];
  config.plugins = [SwaggerUIBundle.plugins.DownloadUrl];
  window.ui = SwaggerUIBundle(config);
});
</script>
</body>
</html>
`;
}

/** Escapes text for HTML content and quoted attribute values: `&`, `<`, `>`, `"`, `'`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * JSON for inside a `<script>` element: `<` as `\u003c` (so `</script>` and `<!--` cannot occur),
 * `>` and `&` escaped too, and U+2028/U+2029 escaped for older JavaScript parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The folder of the installed `swagger-ui-dist` package; throws when it is not installed. */
/**
 * The folder Swagger UI's files are read from: `swagger-ui/` beside the runtime's own folder when
 * the runtime is installed as @specwright/runtime, which carries a copy of the files listed in
 * {@link swaggerUiAssets} (the way @fastify/swagger-ui ships them) instead of depending on all of
 * swagger-ui-dist; else the installed swagger-ui-dist package.
 */
function swaggerUiFolder(): string {
  const packaged = fileURLToPath(new URL("../swagger-ui/", import.meta.url));
  if (existsSync(path.join(packaged, "swagger-ui-bundle.js"))) return packaged;
  try {
    return path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  } catch (error) {
    throw new Error("the swagger-ui-dist package is needed for /docs; install it, or pass docs: false to createServer", { cause: error });
  }
}

function resource(contentType: string, body: Buffer): Resource {
  return { contentType, body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/** Reads an asset once per process; a failed read is retried by the next request. */
function loadAsset(file: string, contentType: string): Promise<Resource> {
  let loaded = assetCache.get(file);
  if (!loaded) {
    loaded = readFile(file).then((body) => resource(contentType, body));
    loaded.catch(() => assetCache.delete(file));
    assetCache.set(file, loaded);
  }
  return loaded;
}

/** Sends a resource: 304 when `If-None-Match` names its entity tag, no body for HEAD. */
function send(request: IncomingMessage, response: ServerResponse, resource: Resource): void {
  response.setHeader("etag", resource.etag);
  // Revalidate every time (cheap with the ETag), so an upgraded swagger-ui-dist or spec is seen at once.
  response.setHeader("cache-control", "no-cache");
  response.setHeader("x-content-type-options", "nosniff");
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === resource.etag || tag.trim() === "*")) {
    response.statusCode = 304;
    response.end();
    return;
  }
  response.statusCode = 200;
  response.setHeader("content-type", resource.contentType);
  response.setHeader("content-length", resource.body.length);
  if (request.method === "HEAD") response.end();
  else response.end(resource.body);
}
