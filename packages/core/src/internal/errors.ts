import { SessionClosedError, TransportError } from "../JanusError.js"

/**
 * The library's own errors, built from fields it already knows to be valid, without running the class's schema
 * validation: validating a `cause: Schema.Defect` field compiles parsers that Effect caches in a global map whose
 * table never shrinks (100,000 undecodable frames grew the heap by ~16 MB), and costs ~90 µs an error.
 * Never use these with unchecked input (a session id from the wire must be validated first).
 */
export const transportError = (fields: ConstructorParameters<typeof TransportError>[0]): TransportError =>
  new TransportError(fields, true)

/** See {@link transportError}; `sessionId` must be a valid `SessionId`. */
export const sessionClosed = (fields: ConstructorParameters<typeof SessionClosedError>[0]): SessionClosedError =>
  new SessionClosedError(fields, true)
