/**
 * The one description of a parameter on the wire, read by both ends: the runtime's parameter
 * definitions (routes.ts) extend it with how the value is read and coerced, the client's
 * operation descriptors (client.ts) carry it as it is, and the model's Parameter extends it with
 * what only the compiler needs. OpenAPI 3.1 §4.8.12 "Parameter Object".
 */

/** Where a parameter is sent (OpenAPI 3.1 §4.8.12.1 `in`). */
export type ParameterLocation = "path" | "query" | "header" | "cookie";

/**
 * How one parameter travels: its name and location, its `style` and `explode` with the defaults
 * of §4.8.12.4 applied (path and header `simple`, query and cookie `form`; `explode` true for
 * `form` only), `allowReserved` (query parameters: RFC 3986 reserved characters sent as they
 * are), and for a parameter described with `content` instead of a schema, the media type its
 * value is written in (§4.8.12.3).
 */
export interface ParameterDescriptor {
  name: string;
  in: ParameterLocation;
  style: string;
  explode: boolean;
  allowReserved?: boolean;
  contentMediaType?: string;
}
