/**
 * Tracing with OpenTelemetry: every Janus request the library sends is a span named after it (`janus.create`,
 * `janus.attach`, `janus.message`, …) with the attributes `janus.session_id`, `janus.handle_id`, `janus.plugin`
 * and `janus.transaction`. This program wires `@effect/opentelemetry` to a console exporter, creates a session,
 * attaches EchoTest, sends a message, and prints each exported span.
 *
 * Run: `pnpm example:tracing`. Starts its own Janus (the project's config, free ports) and stops it at the end.
 */
import { NodeSdk } from "@effect/opentelemetry"
import { NodeRuntime, NodeSocket } from "@effect/platform-node"
import { Session } from "@effect-janus/core"
import { EchoTest } from "@effect-janus/plugins"
import { JanusServer } from "@effect-janus/testing-janus"
import { WebSocketTransport } from "@effect-janus/transport-ws"
import { type ReadableSpan, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base"
import { Console, Effect, Layer } from "effect"

/** A console exporter that prints one line per span: its name, duration and Janus attributes. */
class JanusConsoleExporter implements SpanExporter {
  exported = 0
  export(spans: Array<ReadableSpan>, done: Parameters<SpanExporter["export"]>[1]): void {
    for (const span of spans) {
      this.exported++
      const ms = span.duration[0] * 1000 + span.duration[1] / 1e6
      const janus = Object.entries(span.attributes)
        .filter(([key]) => key.startsWith("janus."))
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(" ")
      console.log(`span ${span.name} (${ms.toFixed(1)} ms) ${janus}`)
    }
    done({ code: 0 })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

const exporter = new JanusConsoleExporter()
const Tracing = NodeSdk.layer(() => ({
  resource: { serviceName: "effect-janus-example" },
  spanProcessor: new SimpleSpanProcessor(exporter)
}))

const program = Effect.gen(function* () {
  const janus = yield* JanusServer.make({ reclaimTimeout: 10 })
  yield* Console.log(`Janus at ${janus.wsUrl}`)
  yield* Effect.gen(function* () {
    const session = yield* Session.make()
    const echo = yield* EchoTest.attach(session)
    const answer = yield* echo.handle.message({ audio: true })
    yield* Console.log(`EchoTest answered: ${JSON.stringify(answer.data)}`)
  }).pipe(
    Effect.withSpan("example.echo"),
    Effect.scoped,
    Effect.provide(
      WebSocketTransport.layer({ url: janus.wsUrl }).pipe(Layer.provide(NodeSocket.layerWebSocketConstructor))
    )
  )
  yield* Console.log(`spans exported: ${exporter.exported}`)
})

NodeRuntime.runMain(program.pipe(Effect.scoped, Effect.provide(Tracing)))
