/**
 * Requests in flight per connection: pipelined requests are dispatched before earlier ones
 * finish, so graceful close must know which response is a connection's last.
 */
import type { ServerResponse } from "node:http";

/** The count lives on the socket itself, under a symbol: cheaper per request than a WeakMap. */
const inFlight = Symbol("specwright.requestsInFlight");
/** When the connection last had nothing in flight (opened, or its last response ended), `performance.now()` ms. */
const idleSince = Symbol("specwright.idleSince");

/** Set once a response on the connection has ended. */
const served = Symbol("specwright.served");

type CountedSocket = { [inFlight]?: number; [idleSince]?: number; [served]?: true };

/** Whether a response on this connection has ended (false for a connection's first request). */
export function hasServed(socket: object): boolean {
  return (socket as CountedSocket)[served] === true;
}

/** Marks a new connection idle from now (call once per connection). */
export function connectionOpened(socket: object): void {
  (socket as CountedSocket)[idleSince] = performance.now();
}

/** How long (ms) a connection with nothing in flight has been idle; 0 while a request is in flight. */
export function idleFor(socket: object): number {
  const counted = socket as CountedSocket;
  return (counted[inFlight] ?? 0) > 0 ? 0 : performance.now() - (counted[idleSince] ?? 0);
}

/** Counts a request against its connection (call once per request). */
export function requestStarted(socket: object): void {
  const counted = socket as CountedSocket;
  counted[inFlight] = (counted[inFlight] ?? 0) + 1;
}

/** Uncounts a request whose response closed; returns how many of the connection's remain. */
export function requestEnded(socket: object): number {
  const counted = socket as CountedSocket;
  const remaining = (counted[inFlight] ?? 1) - 1;
  counted[inFlight] = remaining;
  if (remaining === 0) counted[idleSince] = performance.now();
  counted[served] = true;
  return remaining;
}

/** How many requests of a connection are being answered (0 for one that has sent none yet). */
export function requestsInFlight(socket: object): number {
  return (socket as CountedSocket)[inFlight] ?? 0;
}

/**
 * While closing: the last response in flight on a connection says `Connection: close`. An
 * earlier one must not, or node:http would end the connection before the responses queued
 * behind it (pipelined requests already being handled) are written.
 */
export function closeConnectionAfter(response: ServerResponse): void {
  if (((response.req.socket as CountedSocket | null)?.[inFlight] ?? 1) <= 1) response.setHeader("connection", "close");
}
