/** multipart/form-data bodies written by hand, for inputs a client would never produce (cut off, malformed). */

/** A raw multipart body with the given parts, each `headers` then `content`, and the closing delimiter (RFC 7578, RFC 2046 §5.1.1). */
export function rawMultipart(boundary: string, parts: { headers: string[]; content: string | Buffer }[], closing = `--${boundary}--\r\n`): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    pieces.push(Buffer.from(`--${boundary}\r\n${part.headers.join("\r\n")}\r\n\r\n`), Buffer.from(part.content), Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(closing));
  return Buffer.concat(pieces);
}
