/**
 * Status code unions for `nXX` response ranges (OpenAPI 3.1 §4.8.16.2), from the IANA HTTP Status
 * Code Registry, used by generated handler output types.
 */

/** `1XX`. */
export type InformationalStatus = 100 | 101 | 102 | 103;
/** `2XX`. */
export type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226;
/** `3XX`. */
export type RedirectionStatus = 300 | 301 | 302 | 303 | 304 | 305 | 307 | 308;
/** `4XX`. */
export type ClientErrorStatus =
  | 400 | 401 | 402 | 403 | 404 | 405 | 406 | 407 | 408 | 409 | 410 | 411 | 412 | 413 | 414 | 415 | 416 | 417
  | 421 | 422 | 423 | 424 | 425 | 426 | 428 | 429 | 431 | 451;
/** `5XX`. */
export type ServerErrorStatus = 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511;

/** Extra response headers a handler may set beside the declared ones. */
export type ResponseHeaders = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * The declared response a status falls under (OpenAPI 3.1 §4.8.16.2, "the most specific key is
 * used"): the exact code (`"404"`), else its range (`"4XX"`), else `"default"`; undefined when none
 * is declared. `declared` holds the Responses Object's keys as the model normalises them (ranges
 * in upper case), or objects carrying one as `status`; the item found is returned. The one
 * matcher of the runtime, the client and the fuzzer.
 */
export function matchDeclaredStatus<Declared extends string | { readonly status: string }>(declared: readonly Declared[], status: number): Declared | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  let rangeMatch: Declared | undefined;
  let defaultMatch: Declared | undefined;
  for (const item of declared) {
    const key = typeof item === "string" ? item : item.status;
    if (key === exact) return item;
    if (key === range) rangeMatch = item;
    else if (key === "default") defaultMatch = item;
  }
  return rangeMatch ?? defaultMatch;
}
