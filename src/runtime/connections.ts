/**
 * Requests in flight per connection: pipelined requests are dispatched before earlier ones
 * finish, so graceful close must know which response is a connection's last.
 */
import type { ServerResponse } from "node:http";

const inFlight = new WeakMap<object, number>();

/** Counts a request against its connection (call once per request). */
export function requestStarted(socket: object): void {
  inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
}

/** Uncounts a request whose response closed; returns how many of the connection's remain. */
export function requestEnded(socket: object): number {
  const remaining = (inFlight.get(socket) ?? 1) - 1;
  inFlight.set(socket, remaining);
  return remaining;
}

/** How many requests of a connection are being answered (0 for one that has sent none yet). */
export function requestsInFlight(socket: object): number {
  return inFlight.get(socket) ?? 0;
}

/**
 * While closing: the last response in flight on a connection says `Connection: close`. An
 * earlier one must not, or node:http would end the connection before the responses queued
 * behind it (pipelined requests already being handled) are written.
 */
export function closeConnectionAfter(response: ServerResponse): void {
  if ((inFlight.get(response.req.socket) ?? 1) <= 1) response.setHeader("connection", "close");
}
