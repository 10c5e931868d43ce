/**
 * Where a request came from when the server runs behind proxies it trusts: the client's address,
 * the protocol and the host it used, read from `Forwarded` (RFC 7239) or, without it, from
 * `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host` (the de facto headers). Untrusted,
 * they are ignored: anyone can send them. Which hops to trust is the server's `trustProxy` option;
 * address lists (CIDR ranges, `loopback`, …) are compiled by @fastify/proxy-addr.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { proxyAddrModule } from "./dependencies.js";

/**
 * Which proxies to trust (`ServerOptions.trustProxy`): `true` every hop, a number that many hops
 * next to the server, or addresses and ranges of the proxies (`["10.0.0.0/8", "loopback"]`, as
 * @fastify/proxy-addr reads them). Default `false`: the socket's peer is the client.
 */
export type TrustProxy = boolean | number | readonly string[];

/** Whether the hop at `hop` (0: the socket's peer), whose address is `address`, is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/** The client of a request as the trusted proxies describe it. */
export interface ClientInfo {
  /** The client's IP address (no port, IPv6 without brackets). */
  ip: string;
  /** The protocol the client used with the first trusted proxy, else with this server. */
  protocol: "http" | "https";
  /** The `Host` the client sent to the first trusted proxy, else this request's `Host`. */
  host: string | undefined;
}

/**
 * Compiles the `trustProxy` option; undefined when nothing is trusted. Throws TypeError (from
 * @fastify/proxy-addr) for an address list it cannot read, so a typo fails at startup.
 */
export function compileProxyTrust(option: TrustProxy | undefined): ProxyTrust | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return () => true;
  if (typeof option === "number") {
    if (!Number.isInteger(option) || option < 0) throw new TypeError(`trustProxy must be a hop count (a whole number), got ${option}`);
    return option === 0 ? undefined : (_address, hop) => hop < option;
  }
  return proxyAddrModule().compile([...option]);
}

/** One element of a `Forwarded` header (RFC 7239 §4), by lower-cased parameter name, values unquoted. */
type ForwardedElement = Record<string, string>;

/**
 * Parses a `Forwarded` header: elements separated by commas, `name=value` pairs by semicolons,
 * values a token or a quoted string (RFC 7239 §4, RFC 9110 §5.6.4). A malformed element is
 * returned empty, so it never names a client.
 */
export function parseForwarded(header: string): ForwardedElement[] {
  const elements: ForwardedElement[] = [];
  let element: ForwardedElement = {};
  let index = 0;
  const length = header.length;
  while (index < length) {
    const nameStart = index;
    while (index < length && header[index] !== "=" && header[index] !== ";" && header[index] !== ",") index++;
    const name = header.slice(nameStart, index).trim().toLowerCase();
    let value = "";
    if (header[index] === "=") {
      index++;
      while (index < length && (header[index] === " " || header[index] === "\t")) index++;
      if (header[index] === '"') {
        index++;
        while (index < length && header[index] !== '"') {
          if (header[index] === "\\" && index + 1 < length) index++;
          value += header[index];
          index++;
        }
        index++;
        while (index < length && header[index] !== ";" && header[index] !== ",") index++;
      } else {
        const valueStart = index;
        while (index < length && header[index] !== ";" && header[index] !== ",") index++;
        value = header.slice(valueStart, index).trim();
      }
    }
    if (name !== "" && !Object.hasOwn(element, name)) element[name] = value;
    if (header[index] === ",") {
      elements.push(element);
      element = {};
    }
    index++;
  }
  elements.push(element);
  return elements;
}

/** The IP of a `Forwarded` node (RFC 7239 §6): `192.0.2.43:47011`, `"[2001:db8::1]:4711"`; undefined for `unknown` or obfuscated names. */
function nodeAddress(node: string | undefined): string | undefined {
  if (node === undefined || node === "") return undefined;
  if (node.startsWith("[")) {
    const end = node.indexOf("]");
    return end > 1 ? node.slice(1, end) : undefined;
  }
  const colon = node.indexOf(":");
  const address = colon === -1 ? node : node.indexOf(":", colon + 1) === -1 ? node.slice(0, colon) : node;
  return /^[0-9A-Fa-f.:]+$/.test(address) ? address : undefined;
}

/** Splits a comma-separated header list (X-Forwarded-*) into trimmed entries, leftmost first. */
function listOf(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(",") : header).split(",").map((item) => item.trim()).filter((item) => item !== "");
}

/**
 * The client of `request`. Without `trust`, the socket's peer, its protocol and the `Host`
 * header. With it, the hops are walked from the socket's peer outwards while each is a trusted
 * proxy (RFC 7239 §7.5: only what trusted proxies added is believed); the first untrusted hop is
 * the client (the leftmost when all are trusted). Protocol and host come from what the outermost
 * trusted proxy recorded: the `Forwarded` element naming the client, else the last
 * `X-Forwarded-Proto` and `X-Forwarded-Host` entries (those the nearest proxy set or appended).
 */
export function clientInfoOf(request: IncomingMessage, trust: ProxyTrust | undefined): ClientInfo {
  const socket = request.socket;
  const peer = (socket.remoteAddress ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  const ownProtocol = (socket as TLSSocket).encrypted ? "https" : "http";
  const ownHost = request.headers.host;
  if (!trust || !trust(peer, 0)) return { ip: peer, protocol: ownProtocol, host: ownHost };
  const forwardedHeader = request.headers["forwarded"];
  if (forwardedHeader !== undefined) {
    const elements = parseForwarded(forwardedHeader);
    // Hop 1 is the last element's `for`, hop 2 the one before it, and so on.
    let clientElement: ForwardedElement | undefined;
    let ip = peer;
    for (let hop = 1; hop <= elements.length; hop++) {
      const element = elements[elements.length - hop]!;
      const address = nodeAddress(element["for"]);
      if (address === undefined) break;
      clientElement = element;
      ip = address;
      if (!trust(address, hop)) break;
    }
    const protocol = clientElement?.["proto"]?.toLowerCase();
    return {
      ip,
      protocol: protocol === "https" || protocol === "http" ? protocol : ownProtocol,
      host: clientElement?.["host"] || ownHost,
    };
  }
  const chain = listOf(request.headers["x-forwarded-for"]);
  let ip = peer;
  for (let hop = 1; hop <= chain.length; hop++) {
    const address = nodeAddress(chain[chain.length - hop]);
    if (address === undefined) break;
    ip = address;
    if (!trust(address, hop)) break;
  }
  const protocol = listOf(request.headers["x-forwarded-proto"]).at(-1)?.toLowerCase();
  const host = listOf(request.headers["x-forwarded-host"]).at(-1);
  return { ip, protocol: protocol === "https" || protocol === "http" ? protocol : ownProtocol, host: host ?? ownHost };
}
