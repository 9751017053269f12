import { JanusTransport, type PluginHandle, type Protocol, Session, type TransportError } from "@effect-janus/core"
import { JanusServer } from "@effect-janus/testing-janus"
import { Context, type Duration, Effect, Layer, type Scope, Stream } from "effect"

/** Where and how a transport under test connects. */
export interface TargetOptions {
  /** A port on 127.0.0.1 to use instead of the server's own (e.g. a `TcpProxy` in front of it). */
  readonly port?: number | undefined
  /** `apisecret` to send. */
  readonly apiSecret?: string | undefined
  /** The transport's request timeout (default 10 s). */
  readonly requestTimeout?: Duration.DurationInput | undefined
}

/** A transport implementation, as the conformance suite sees it. */
export interface Subject {
  /** Shown in the test names. */
  readonly name: string
  /** The server port this transport talks to (to put a `TcpProxy` in front of it). */
  readonly port: (server: JanusServer.JanusServer) => number
  /** A layer providing a fresh transport instance to the server. */
  readonly layer: (
    server: JanusServer.JanusServer,
    options?: TargetOptions
  ) => Layer.Layer<JanusTransport, TransportError>
}

/** Builds a fresh transport instance of `subject` to the server in context, in the current scope. */
export const open = (
  subject: Subject,
  options?: TargetOptions
): Effect.Effect<JanusTransport, TransportError, JanusServer.JanusServer | Scope.Scope> =>
  Effect.flatMap(JanusServer.JanusServer, (server) =>
    Effect.map(Layer.build(subject.layer(server, options)), Context.get(JanusTransport))
  )

/** `Session.make` on a given transport, in the current scope. */
export const sessionOn = (transport: JanusTransport, options?: Session.SessionOptions) =>
  Session.make(options).pipe(Effect.provideService(JanusTransport, transport))

/**
 * Starts collecting the first `event` of a stream in a fiber, and gives it time to subscribe (the streams see
 * messages from the moment they start).
 */
export const firstEvent = <E>(stream: Stream.Stream<Protocol.AsyncMessage, E>) =>
  Effect.gen(function* () {
    const fiber = yield* stream.pipe(
      Stream.filter((message): message is Protocol.PluginEvent => message.janus === "event"),
      Stream.runHead,
      Effect.timeout("20 seconds"),
      Effect.fork
    )
    yield* Effect.sleep("200 millis")
    return fiber
  })

/** Sends an EchoTest message and returns its answer's data. */
export const echo = (handle: PluginHandle) => Effect.map(handle.message({ audio: true }), (answer) => answer.data)
