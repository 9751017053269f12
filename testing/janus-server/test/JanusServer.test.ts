import { randomUUID } from "node:crypto"
import { readFileSync } from "node:fs"
import * as Net from "node:net"
import { fileURLToPath } from "node:url"
import * as Command from "@effect/platform/Command"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Socket from "@effect/platform/Socket"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import { describe, expect, it, layer } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import { Admin, JanusServer } from "../src/index.js"

const expectedPlugins = [
  "janus.plugin.echotest",
  "janus.plugin.videoroom",
  "janus.plugin.streaming",
  "janus.plugin.audiobridge",
  "janus.plugin.textroom",
  "janus.plugin.videocall",
  "janus.plugin.sip",
  "janus.plugin.nosip",
  "janus.plugin.recordplay"
]
const disabledPlugins = ["janus.plugin.voicemail", "janus.plugin.duktape", "janus.plugin.lua"]

const AnyRecord = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/** `info` reply (Janus API and Admin API). */
const Info = Schema.Struct({
  janus: Schema.String,
  transaction: Schema.optional(Schema.String),
  "server-name": Schema.String,
  "session-timeout": Schema.Number,
  "reclaim-session-timeout": Schema.Number,
  "log-path": Schema.String,
  plugins: AnyRecord,
  transports: AnyRecord,
  events: AnyRecord
})

/** Any other Janus API reply, with the parts these tests look at. */
const Reply = Schema.Struct({
  janus: Schema.String,
  data: Schema.optional(Schema.Struct({ id: Schema.Number })),
  error: Schema.optional(Schema.Struct({ code: Schema.Number, reason: Schema.String })),
  plugindata: Schema.optional(Schema.Struct({ plugin: Schema.String, data: AnyRecord }))
})

/** A plugin's synchronous `list` answer (rooms, mountpoints or recordings). */
const ListAnswer = Schema.Struct({ list: Schema.Array(Schema.Struct({ room: Schema.optional(Schema.Number) })) })

const getJson = <A, I>(url: string, schema: Schema.Schema<A, I>) =>
  HttpClient.HttpClient.pipe(
    Effect.flatMap((client) => client.get(url)),
    Effect.flatMap(HttpClientResponse.schemaBodyJson(schema))
  )

const postJson = (url: string, body: Readonly<Record<string, unknown>>) =>
  HttpClient.HttpClient.pipe(
    Effect.flatMap((client) =>
      HttpClientRequest.post(url).pipe(
        HttpClientRequest.bodyUnsafeJson({ transaction: randomUUID(), ...body }),
        client.execute
      )
    ),
    Effect.flatMap(HttpClientResponse.schemaBodyJson(Reply))
  )

/** `data.id` of a `create` / `attach` success. */
const idOf = (reply: typeof Reply.Type): number => {
  expect(reply.janus).toBe("success")
  expect(reply.data).toBeDefined()
  return reply.data!.id
}

/** Sends one Janus request over a fresh WebSocket (subprotocol janus-protocol) and returns the first reply. */
const wsRequest = (url: string, body: Readonly<Record<string, unknown>>) =>
  Effect.gen(function* () {
    const socket = yield* Socket.makeWebSocket(url, { protocols: "janus-protocol" })
    const reply = yield* Deferred.make<string>()
    yield* socket
      .runRaw((data) => Deferred.succeed(reply, typeof data === "string" ? data : new TextDecoder().decode(data)))
      .pipe(Effect.forkScoped)
    const write = yield* socket.writer
    yield* write(JSON.stringify({ transaction: "ws-probe", ...body }))
    return yield* Schema.decode(Schema.parseJson(Info))(yield* Deferred.await(reply))
  }).pipe(Effect.scoped, Effect.provide(NodeSocket.layerWebSocketConstructor))

/** Holds a TCP port on 127.0.0.1 until the scope closes. */
const occupyPort = Effect.acquireRelease(
  Effect.async<Net.Server>((resume) => {
    const server = Net.createServer()
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
).pipe(Effect.map((server) => (server.address() as Net.AddressInfo).port))

/**
 * Whether a process exists and is not a zombie (a killed orphan stays a zombie until PID 1 reaps it,
 * and some container inits never do; `kill(pid, 0)` would still succeed then).
 */
const isAlive = (pid: number) =>
  Effect.sync(() => {
    try {
      process.kill(pid, 0)
    } catch {
      return false
    }
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
      return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z"
    } catch {
      return false
    }
  })

const ServerAndAdmin = Admin.layer.pipe(
  Layer.provideMerge(JanusServer.layer({ sessionTimeout: 30, reclaimTimeout: 5, logLevel: 4 })),
  Layer.provideMerge(FetchHttpClient.layer)
)

describe("JanusServer.make", () => {
  JanusServer.printLogOnFailure()

  it.scoped("runs two servers at once on distinct ports", () =>
    Effect.gen(function* () {
      const [a, b] = yield* Effect.all([JanusServer.make(), JanusServer.make()], { concurrency: 2 })
      const ports = [a.httpPort, a.wsPort, a.adminPort, a.adminWsPort, b.httpPort, b.wsPort, b.adminPort, b.adminWsPort]
      expect(new Set(ports).size).toBe(8)
      expect(a.serverName).not.toBe(b.serverName)
      expect(a.runDir).not.toBe(b.runDir)
      expect(a.pid).not.toBe(b.pid)
      for (const server of [a, b]) {
        const info = yield* getJson(`${server.httpUrl}/info`, Info)
        expect(info["server-name"]).toBe(server.serverName)
        expect(info["session-timeout"]).toBe(60)
        expect(info["reclaim-session-timeout"]).toBe(0)
      }
    }).pipe(Effect.provide(FetchHttpClient.layer))
  )

  it.scoped("enforces api_secret", () =>
    Effect.gen(function* () {
      const server = yield* JanusServer.make({ apiSecret: "s3cret" })
      expect(server.apiSecret).toBe("s3cret")

      const missing = yield* postJson(server.httpUrl, { janus: "create" })
      expect(missing.janus).toBe("error")
      expect(missing.error?.code).toBe(403)

      const wrong = yield* postJson(server.httpUrl, { janus: "create", apisecret: "nope" })
      expect(wrong.janus).toBe("error")
      expect(wrong.error?.code).toBe(403)

      const right = yield* postJson(server.httpUrl, { janus: "create", apisecret: "s3cret" })
      expect(Number.isSafeInteger(idOf(right))).toBe(true)
    }).pipe(Effect.provide(FetchHttpClient.layer))
  )

  it.effect("stops the process and removes its temp dir when the scope closes", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const scope = yield* Scope.make()
      const server = yield* JanusServer.make().pipe(Scope.extend(scope))
      expect(yield* isAlive(server.pid)).toBe(true)
      expect(yield* fs.exists(server.logFile)).toBe(true)
      expect(yield* fs.exists(`${server.confDir}/janus.jcfg`)).toBe(true)
      const config = yield* fs.readFileString(`${server.confDir}/janus.jcfg`)
      expect(config).not.toMatch(/^[^#\n]*@[A-Z_]+@/m)
      expect((yield* getJson(`${server.httpUrl}/info`, Info))["server-name"]).toBe(server.serverName)

      yield* Scope.close(scope, Exit.void)

      expect(yield* isAlive(server.pid)).toBe(false)
      expect(yield* fs.exists(server.runDir)).toBe(false)
      const after = yield* Effect.either(getJson(`${server.httpUrl}/info`, Info))
      expect(after._tag).toBe("Left")
      // readLog still answers with the log as it was when Janus stopped (SIGTERM → clean shutdown).
      const log = yield* server.readLog
      expect(log).toContain("JANUS EchoTest plugin initialized!")
      expect(log).toContain("Bye!")
    }).pipe(Effect.provide([FetchHttpClient.layer, NodeFileSystem.layer]))
  )

  it.scoped("retries with fresh ports when a port was taken meanwhile, and reports a persistent clash", () =>
    Effect.gen(function* () {
      const busyPort = yield* occupyPort
      const takeWsPort = (text: string) => text.replace(/ws_port = \d+/, `ws_port = ${busyPort}`)

      let attempts = 0
      const server = yield* JanusServer.make({
        configure: (file, text) => {
          if (file !== "janus.transport.websockets.jcfg") return text
          attempts++
          return attempts === 1 ? takeWsPort(text) : text
        }
      })
      expect(attempts).toBe(2)
      expect(server.wsPort).not.toBe(busyPort)
      expect((yield* wsRequest(server.wsUrl, { janus: "info" }))["server-name"]).toBe(server.serverName)

      const error = yield* Effect.flip(
        Effect.scoped(
          JanusServer.make({
            configure: (file, text) => (file === "janus.transport.websockets.jcfg" ? takeWsPort(text) : text)
          })
        )
      )
      expect(error.reason).toBe("fatal")
      expect(error.message).toContain("Error creating vhost for Websockets server")
      expect(error.logTail).toContain("[FATAL]")
    })
  )

  it.live("kills Janus when the Node process that started it exits without cleaning up", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const fixture = fileURLToPath(new URL("./fixtures/exitWithoutCleanup.ts", import.meta.url))
      const output = yield* Command.string(Command.make(process.execPath, "--import", "tsx", fixture))
      const [pid, runDir] = output.trim().split(" ")
      expect(Number(pid)).toBeGreaterThan(0)
      expect(runDir).toMatch(/effect-janus-/)
      // The parent died without closing its scope, so the run dir is still there; Janus is not.
      const gone = yield* isAlive(Number(pid)).pipe(
        Effect.repeat({ while: (alive) => alive, schedule: Schedule.spaced("50 millis") }),
        Effect.timeoutTo({ duration: "5 seconds", onSuccess: (alive) => !alive, onTimeout: () => false })
      )
      expect(gone).toBe(true)
      yield* fs.remove(runDir!, { recursive: true })
    }).pipe(Effect.provide(NodeContext.layer))
  )

  it.effect("rejects invalid options without starting anything", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.scoped(JanusServer.make({ logLevel: 9, sessionTimeout: -1 })))
      expect(error._tag).toBe("JanusStartError")
      expect(error.reason).toBe("options")
      expect(error.message).toContain("logLevel")
      expect(error.message).toContain("sessionTimeout")
    })
  )

  it.effect("fails with reason spawn when the binary is missing (JANUS_BIN)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Effect.scoped(JanusServer.make())).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["JANUS_BIN", "/nonexistent/janus"]])))
      )
      expect(error.reason).toBe("spawn")
      expect(error.message).toContain("/nonexistent/janus")
    })
  )

  it.effect("fails with reason exited, and Janus's output, when the config is broken", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.scoped(
          JanusServer.make({
            configure: (file, text) => (file === "janus.jcfg" ? `${text}\ngeneral: { broken` : text)
          })
        )
      )
      expect(error.reason).toBe("exited")
      expect(error.message).toContain("exit code 1")
      expect(error.output).toContain("Error reading configuration")
    })
  )
})

// Note: @effect/vitest 0.30's `layer(...)` replaces the methods of the shared `it` object while its
// block is collected. Plain `it.effect` / `it.scoped` tests declared after a `layer(...)` block would
// then run in that layer's runtime (closed by then; and with `-t` or `.only`, built and never closed).
// So the plain tests come first and the layer block last.
layer(ServerAndAdmin)("a Janus started by JanusServer.layer", (it) => {
  JanusServer.printLogOnFailure()

  it.effect("answers /info with the expected plugins, transports and settings", () =>
    Effect.gen(function* () {
      const server = yield* JanusServer.JanusServer
      expect(server.httpUrl).toBe(`http://127.0.0.1:${server.httpPort}/janus`)
      expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.wsPort}`)
      expect(server.adminUrl).toBe(`http://127.0.0.1:${server.adminPort}/admin`)
      expect(server.adminWsUrl).toBe(`ws://127.0.0.1:${server.adminWsPort}`)

      const info = yield* getJson(`${server.httpUrl}/info`, Info)
      expect(info.janus).toBe("server_info")
      expect(info["server-name"]).toBe(server.serverName)
      expect(info["session-timeout"]).toBe(30)
      expect(info["reclaim-session-timeout"]).toBe(5)
      expect(Object.keys(info.plugins).sort()).toEqual([...expectedPlugins].sort())
      for (const plugin of disabledPlugins) expect(info.plugins).not.toHaveProperty(plugin)
      expect(Object.keys(info.transports).sort()).toEqual(["janus.transport.http", "janus.transport.websockets"])
      expect(info.events).toEqual({})
      expect(info["log-path"]).toBe(server.logFile)
    })
  )

  it.effect("logs that every plugin and both transports were initialized", () =>
    Effect.gen(function* () {
      const server = yield* JanusServer.JanusServer
      const log = yield* server.readLog
      for (const name of [
        "TextRoom",
        "NoSIP",
        "VideoCall",
        "VideoRoom",
        "SIP",
        "AudioBridge",
        "EchoTest",
        "Streaming"
      ]) {
        expect(log).toContain(`JANUS ${name} plugin initialized!`)
      }
      expect(log).toContain("JANUS Record&Play plugin initialized!")
      expect(log).toContain(`Websockets server started (port ${server.wsPort})`)
      expect(log).toContain(`HTTP webserver started (port ${server.httpPort}, /janus path listener)`)
      expect(log).toContain(`Admin/monitor HTTP webserver started (port ${server.adminPort}, /admin path listener)`)
      expect(log).toContain(`Admin Websockets server started (port ${server.adminWsPort})`)
      expect(log).not.toContain("[FATAL]")
      expect(log).not.toContain("[ERR]")
    })
  )

  it.effect("serves the Janus API over WebSocket", () =>
    Effect.gen(function* () {
      const server = yield* JanusServer.JanusServer
      const reply = yield* wsRequest(server.wsUrl, { janus: "info" })
      expect(reply.janus).toBe("server_info")
      expect(reply.transaction).toBe("ws-probe")
      expect(reply["server-name"]).toBe(server.serverName)
    })
  )

  it.effect("keeps the videoroom and textroom sample rooms only", () =>
    Effect.gen(function* () {
      const server = yield* JanusServer.JanusServer
      const sessionId = idOf(yield* postJson(server.httpUrl, { janus: "create" }))
      const list = (plugin: string) =>
        Effect.gen(function* () {
          const handleId = idOf(yield* postJson(`${server.httpUrl}/${sessionId}`, { janus: "attach", plugin }))
          const reply = yield* postJson(`${server.httpUrl}/${sessionId}/${handleId}`, {
            janus: "message",
            body: { request: "list" }
          })
          expect(reply.janus).toBe("success")
          expect(reply.plugindata?.plugin).toBe(plugin)
          const answer = yield* Schema.decodeUnknown(ListAnswer)(reply.plugindata?.data)
          return answer.list.map((entry) => entry.room)
        })
      expect(yield* list("janus.plugin.videoroom")).toEqual([1234])
      expect(yield* list("janus.plugin.audiobridge")).toEqual([])
      expect(yield* list("janus.plugin.textroom")).toEqual([1234])
      expect(yield* list("janus.plugin.streaming")).toEqual([])
      expect(yield* list("janus.plugin.recordplay")).toEqual([])
      yield* postJson(`${server.httpUrl}/${sessionId}`, { janus: "destroy" })
    })
  )

  it.effect("Admin API sees a session and handle created over plain HTTP", () =>
    Effect.gen(function* () {
      const server = yield* JanusServer.JanusServer
      const sessionId = idOf(yield* postJson(server.httpUrl, { janus: "create" }))
      expect(yield* Admin.listSessions).toContain(sessionId)

      expect(yield* Admin.listHandles(sessionId)).toEqual([])
      const handleId = idOf(
        yield* postJson(`${server.httpUrl}/${sessionId}`, { janus: "attach", plugin: "janus.plugin.echotest" })
      )
      expect(yield* Admin.listHandles(sessionId)).toEqual([handleId])

      const info = yield* Admin.handleInfo(sessionId, handleId)
      expect(info.session_id).toBe(sessionId)
      expect(info.handle_id).toBe(handleId)
      expect(info.plugin).toBe("janus.plugin.echotest")
      expect(info.session_transport).toBe("janus.transport.http")
      expect(info.flags?.negotiated).toBe(false)

      const destroyed = yield* postJson(`${server.httpUrl}/${sessionId}`, { janus: "destroy" })
      expect(destroyed.janus).toBe("success")
      expect(yield* Admin.listSessions).not.toContain(sessionId)
    })
  )

  it.effect("Admin API errors carry the Janus error code", () =>
    Effect.gen(function* () {
      const noSession = yield* Effect.flip(Admin.listHandles(123))
      expect(noSession._tag).toBe("AdminError")
      expect(noSession.reason).toBe("janus")
      expect(noSession.code).toBe(458)

      const server = yield* JanusServer.JanusServer
      const wrongSecret = yield* Admin.make.pipe(
        Effect.provideService(JanusServer.JanusServer, { ...server, adminSecret: "not-the-secret" }),
        Effect.flatMap((admin) => Effect.flip(admin.listSessions))
      )
      expect(wrongSecret.reason).toBe("janus")
      expect(wrongSecret.code).toBe(403)
    })
  )
})
