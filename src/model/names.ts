import type { EnumConstant, MediaTypeContent, Operation } from "./ir.js";

/**
 * The one naming authority: turns spec strings (operationIds, paths) into deterministic,
 * collision-free TypeScript identifiers. Emitters never derive names themselves.
 */

const reservedWords = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "as implements interface let package private protected public static yield any boolean number string symbol " +
    "type from of await async constructor prototype __proto__ arguments eval undefined never unknown object " +
    // Object.prototype members: as keys of an object literal they lose their contextual type in tsc.
    "toString toLocaleString valueOf hasOwnProperty isPrototypeOf propertyIsEnumerable"
  ).split(" "),
);

/**
 * camelCase identifier from free text: words are runs of ASCII letters and digits; a leading digit
 * gets a `_` prefix; reserved words get a `_` suffix. `get-user.by id` → `getUserById`.
 */
export function toCamelIdentifier(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 0) return "operation";
  const joined = words
    .map((word, index) => (index === 0 ? word[0]!.toLowerCase() + word.slice(1) : word[0]!.toUpperCase() + word.slice(1)))
    .join("");
  const safe = /^[0-9]/.test(joined) ? `_${joined}` : joined;
  return reservedWords.has(safe) ? `${safe}_` : safe;
}

/** PascalCase form of a camelCase identifier (`getBook` → `GetBook`, `_1st` → `_1st`). */
export function toPascalCase(identifier: string): string {
  return identifier.replace(/^[a-z]/, (letter) => letter.toUpperCase()).replace(/_$/, "");
}

/**
 * operationId for an operation that has none, from its method and path template:
 * `get /books/{bookId}/reviews` → `getBooksByBookIdReviews`. Deterministic.
 */
export function synthesiseOperationId(method: string, pathTemplate: string): string {
  const words = pathTemplate
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      return parameter ? `by ${parameter[1]}` : segment;
    });
  return toCamelIdentifier([method, ...words].join(" "));
}

/**
 * Hands out unique identifiers in call order: the first `getUser` keeps its name, a later one that
 * sanitises to the same text becomes `getUser2`, `getUser3`, … Spec order decides, so the result
 * is deterministic.
 */
export class IdentifierAllocator {
  private readonly taken = new Set<string>();

  allocate(preferred: string): string {
    let candidate = preferred;
    for (let counter = 2; this.taken.has(candidate.toLowerCase()); counter++) candidate = `${preferred}${counter}`;
    // Compared case-insensitively: type names derived by PascalCase must not collide either.
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/**
 * The preferred name of the exported constant holding a component schema's enum values, before
 * {@link IdentifierAllocator} makes it unique: `Colour` → `ColourValues`; a property's enum gets
 * the schema and property names, `Book` + `status` → `BookStatusValues`. Spec text of any shape
 * (`x-kind`, `1st`, emoji) becomes an ASCII identifier; text without letters or digits becomes
 * `Schema`/`Property`.
 */
export function enumConstantName(schemaName: string, propertyName?: string): string {
  const pascal = (text: string, fallback: string): string =>
    /[A-Za-z0-9]/.test(text) ? toPascalCase(toCamelIdentifier(text)).replace(/^_/, "") : fallback;
  const name = pascal(schemaName, "Schema") + (propertyName === undefined ? "" : pascal(propertyName, "Property")) + "Values";
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * A media type as a name fragment, for generated names that must say which media type they are
 * about: the subtype of an `application/` type (`json`, `problemJson`, `octetStream`), else type
 * and subtype (`textPlain`, `imagePng`, `multipartFormData`); a wildcard reads `any` (`*\/*` →
 * `any`, `image/*` → `imageAny`). Letters and digits only, starting with a letter.
 */
export function mediaTypeName(mediaType: string): string {
  const [type = "", subtype = ""] = mediaType.split(";")[0]!.trim().toLowerCase().split("/");
  const word = (text: string) => (text === "*" ? "any" : text);
  const words = type === "application" ? word(subtype) : type === "*" ? "any" : `${word(type)} ${word(subtype)}`;
  const name = toCamelIdentifier(words).replace(/_/g, "");
  return /^[A-Za-z]/.test(name) ? name : `media${toPascalCase(name)}`;
}

/**
 * The export names of an operation's validators in `validators.cjs`, stable and meaningful: the
 * operation's identifier, then the request part (`listBooks_query`, `createBook_body_json`) or the
 * response status and media type (`getBook_200_json`, `deleteUser_422_problemJson`,
 * `listBooks_200_headers`). Written into the model: `parameterValidators` on the operation,
 * `validator` on each media type with a schema, `headersValidator` on each response with headers.
 * `taken` makes the names unique across the document (a repeat gets a number).
 */
export function nameValidators(operation: Operation, taken: IdentifierAllocator): void {
  const base = operation.identifier;
  operation.parameterValidators = {};
  for (const location of ["path", "query", "header", "cookie"] as const) {
    if (operation.parameters.some((parameter) => parameter.in === location)) operation.parameterValidators[location] = taken.allocate(`${base}_${location}`);
  }
  const nameContents = (contents: MediaTypeContent[], prefix: string) => {
    for (const content of contents) if (content.schema !== undefined) content.validator = taken.allocate(`${prefix}_${mediaTypeName(content.mediaType)}`);
  };
  if (operation.requestBody) nameContents(operation.requestBody.contents, `${base}_body`);
  for (const response of operation.responses) {
    const prefix = `${base}_${response.status.replace(/[^A-Za-z0-9]/g, "")}`;
    nameContents(response.contents, prefix);
    if (response.headers.length > 0) response.headersValidator = taken.allocate(`${prefix}_headers`);
  }
}

/** The functions of specwright/client a generated client may import for its codecs (client.ts's imports). */
export const clientCodecFunctions = ["addContentParameter", "addCookieParameter", "addHeaderParameter", "encodeMultipart", "parseEventStream", "reviveDates", "serialiseDates", "serialiseFormBody"];

/**
 * The value names client.ts declares or imports besides the per-operation ones; an operation
 * whose function or descriptor name would be one of them gets a numbered name instead.
 */
const clientFileValueNames = ["basePath", "securitySchemes", "dateTimes", "createCore", "createClient", "createCallEngine", ...clientCodecFunctions];

/**
 * Names the other generated files export through the `index.ts` barrel, or that client.ts imports
 * as types: a client value of the same name would not compile (`export *` of two modules naming
 * one member is ambiguous; an imported type and a local value cannot share a name). The root
 * types of openapi-typescript, the routes' exports, the enum constants, and per operation the
 * handler, shared and client type names (`_1stInput`, `_1stOperation` for an operationId `1st`).
 */
function barrelNames(operations: readonly Operation[], enums: readonly EnumConstant[]): string[] {
  return [
    "paths", "webhooks", "components", "operations", "api", "createServer", "Handlers", "SecurityVerifiers", "RequestSchemas", "ResponseSchemas",
    ...enums.map((constant) => constant.identifier),
    ...operations.flatMap((operation) => ["Input", "Operation", "Parameters", "Output", "Handler", "Request", "Result"].map((suffix) => `${operation.typeName}${suffix}`)),
  ];
}

/**
 * Names every operation's client function (its identifier) and descriptor (`…Operation`), unique
 * in client.ts and the barrel: a name already taken gets the first free number (`createClient2`).
 * Case-sensitive, as JavaScript names are (`listBooksOperation` the value beside
 * `ListBooksOperation` the type is fine). Deterministic: spec order decides. Written into the
 * model as `clientNames` on each operation; read by the client, TanStack Query and MSW emitters.
 */
export function nameClientValues(operations: readonly Operation[], enums: readonly EnumConstant[]): void {
  const taken = new Set([...clientFileValueNames, ...barrelNames(operations, enums)]);
  const unique = (preferred: string): string => {
    let candidate = preferred;
    for (let counter = 2; taken.has(candidate); counter++) candidate = `${preferred}${counter}`;
    taken.add(candidate);
    return candidate;
  };
  // Functions first, so an operation keeps its own identifier before another's descriptor takes it.
  const calls = operations.map((operation) => unique(operation.identifier));
  operations.forEach((operation, index) => {
    operation.clientNames = { call: calls[index]!, descriptor: unique(`${operation.identifier}Operation`) };
  });
}
