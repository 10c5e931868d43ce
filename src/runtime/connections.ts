/**
 * Requests in flight per connection: pipelined requests are dispatched before earlier ones
 * finish, so graceful close must know which response is a connection's last.
 */
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** The count lives on the socket itself, under a symbol: cheaper per request than a WeakMap. */
const inFlight = Symbol("specwright.requestsInFlight");
/** When the connection last had nothing in flight (opened, or its last response ended), `performance.now()` ms. */
const idleSince = Symbol("specwright.idleSince");

/** Set once a second request has started on the connection. */
const reused = Symbol("specwright.reused");

type CountedSocket = { [inFlight]?: number; [idleSince]?: number; [reused]?: true };

/** Whether the request being started is not the connection's first (keep-alive or pipelined). */
export function isReused(socket: object): boolean {
  return (socket as CountedSocket)[reused] === true;
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
  if (counted[inFlight] !== undefined) counted[reused] = true;
  counted[inFlight] = (counted[inFlight] ?? 0) + 1;
}

/** Uncounts a request whose response closed; returns how many of the connection's remain. */
export function requestEnded(socket: object): number {
  const counted = socket as CountedSocket;
  const remaining = (counted[inFlight] ?? 1) - 1;
  counted[inFlight] = remaining;
  if (remaining === 0) counted[idleSince] = performance.now();
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

/** How long a connection the server closes while its client may still be sending stays half-closed, ms. */
export const lingerAfterClose = 2000;

/**
 * Closes the connection in stages when node:http ends it after a `Connection: close` response
 * (its `destroySoon`): half-close first (FIN after the response), then close fully once the
 * client has closed its side, or after {@link lingerAfterClose} ms. Closing at once while the
 * client is still sending (a body refused unread with 413, say) makes the kernel answer the bytes
 * still arriving with a reset, which can reach the client before it has read the response: it
 * then sees ECONNRESET instead of the 413. RFC 9112 §9.6 (Tear-down): "To avoid the TCP reset
 * problem, servers typically close a connection in stages. First, the server performs a
 * half-close by closing only the write side of the read/write connection. The server then
 * continues to read from the connection until it receives a corresponding close by the client,
 * or until the server is reasonably certain that its own TCP stack has received the client's
 * acknowledgement of the packet(s) containing the server's last response." A body the server
 * stopped reading is not read on; the time bound stands in for the acknowledgement. Call once
 * per connection.
 */
export function closeInStages(socket: Socket): void {
  const destroyAtOnce = socket.destroySoon;
  socket.destroySoon = function lingeringDestroySoon(this: Socket): void {
    if (this.readableEnded || this.destroyed) {
      destroyAtOnce.call(this);
      return;
    }
    const timer = setTimeout(() => this.destroy(), lingerAfterClose);
    timer.unref();
    this.once("end", () => this.destroy());
    this.once("close", () => clearTimeout(timer));
    this.end();
  };
}
