/**
 * One suite for both wires of the Admin client, run on a real Janus: every Admin request of Janus 1.1.2 is sent,
 * its success asserted where this Janus can give one, and its typed Janus error otherwise.
 * `suite(wire)` declares the tests inside the calling test file.
 */
import { existsSync, readFileSync } from "node:fs"
import { describe, expect, layer } from "@effect/vitest"
import { JanusServer, LocalStun } from "@effect-janus/testing-janus"
import { ConfigError, ConfigProvider, Effect, Layer, Queue, Redacted, Schedule, Schema } from "effect"
import { JanusAdmin } from "../src/index.js"
import {
  Collector,
  client,
  clientLayer,
  configLayer,
  echoHandle,
  janusApi,
  janusLayer,
  proxiedClient,
  type Wire
} from "./support.js"

const echotest = "janus.plugin.echotest"
const videoroom = "janus.plugin.videoroom"

/** Fails the test unless `effect` fails with `AdminError` `janus` and the given Janus error code. */
const refused = <A>(effect: Effect.Effect<A, JanusAdmin.AdminError>, code: number) =>
  Effect.flip(effect).pipe(
    Effect.tap((error) => {
      expect(error).toMatchObject({ _tag: "AdminError", reason: "janus", code })
    })
  )

/** Polls `read` (every 100 ms, at most 10 s) until its result contains `text`; true when it did. */
const eventuallyContains = (read: Effect.Effect<string>, text: string) =>
  read.pipe(
    Effect.filterOrFail((content) => content.includes(text)),
    Effect.retry(Schedule.spaced("100 millis")),
    Effect.timeout("10 seconds"),
    Effect.isSuccess
  )

/** A `layer(...)` block with its own Janus (see `janusLayer`) and a client over `wire`. */
const withJanus = (wire: Wire, options: { readonly tokenAuth: boolean }) =>
  layer(Layer.provideMerge(clientLayer(wire), janusLayer(options)), {
    timeout: "60 seconds",
    excludeTestServices: true
  })

export const suite = (wire: Wire) =>
  describe(`Admin API over ${wire} on a real Janus`, () => {
    JanusServer.printLogOnFailure()

    withJanus(wire, { tokenAuth: false })("server, sessions and handles", (it) => {
      it.scoped("info and ping need no admin_secret; every other request does (403)", () =>
        Effect.gen(function* () {
          const server = yield* JanusServer.JanusServer
          const anonymous = yield* client(wire, server, { adminSecret: null })
          const info = yield* anonymous.info()
          expect(info.janus).toBe("server_info")
          expect(info["server-name"]).toBe(server.serverName)
          expect(info["session-timeout"]).toBe(60)
          expect(Object.keys(info.plugins)).toContain(echotest)
          expect(Object.keys(info.transports).sort()).toEqual(["janus.transport.http", "janus.transport.websockets"])
          expect(Object.keys(info.events)).toEqual(["janus.eventhandler.sampleevh"])
          expect(Object.keys(info.loggers)).toEqual(["janus.logger.jsonlog"])
          expect(info.event_handlers).toBe(true)
          expect(info["static-event-loops"]).toBe(2)
          expect(info.dependencies).toMatchObject({ jansson: expect.any(String) })
          expect(yield* anonymous.ping()).toEqual({ janus: "pong" })
          yield* refused(anonymous.getStatus(), 403)
          const wrong = yield* client(wire, server, { adminSecret: "not-the-secret" })
          yield* refused(wrong.listSessions(), 403)
        })
      )

      it.effect("layerConfig reads JANUS_ADMIN_URL, JANUS_ADMIN_SECRET and JANUS_ADMIN_TIMEOUT", () =>
        Effect.gen(function* () {
          const server = yield* JanusServer.JanusServer
          const url = wire === "HTTP" ? server.adminUrl : server.adminWsUrl
          const env = (entries: ReadonlyArray<readonly [string, string]>) =>
            Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))
          const status = yield* Effect.flatMap(JanusAdmin.JanusAdmin, (admin) => admin.getStatus()).pipe(
            Effect.provide(configLayer(wire)),
            env([
              ["JANUS_ADMIN_URL", url],
              ["JANUS_ADMIN_SECRET", server.adminSecret],
              ["JANUS_ADMIN_TIMEOUT", "5 seconds"]
            ])
          )
          expect(status.status.session_timeout).toBe(60)
          const noSecret = yield* Effect.flatMap(JanusAdmin.JanusAdmin, (admin) => admin.getStatus()).pipe(
            Effect.provide(configLayer(wire)),
            env([["JANUS_ADMIN_URL", url]]),
            Effect.flip
          )
          expect(noSecret).toMatchObject({ _tag: "AdminError", reason: "janus", code: 403 })
          const noUrl = yield* Effect.flatMap(JanusAdmin.JanusAdmin, (admin) => admin.ping()).pipe(
            Effect.provide(configLayer(wire)),
            env([]),
            Effect.flip
          )
          expect(ConfigError.isConfigError(noUrl)).toBe(true)
        })
      )

      it.effect("get_status shows what every set_* request changed", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const before = (yield* admin.getStatus()).status
          expect(before).toMatchObject({
            token_auth: false,
            session_timeout: 60,
            reclaim_session_timeout: 0,
            log_level: 4,
            log_timestamps: true,
            log_colors: false,
            locking_debug: false,
            refcount_debug: false,
            libnice_debug: false
          })
          expect(yield* admin.setLockingDebug({ debug: true })).toEqual({ locking_debug: true })
          expect(yield* admin.setLockingDebug({ debug: false })).toEqual({ locking_debug: false })
          expect(yield* admin.setRefcountDebug({ debug: true })).toEqual({ refcount_debug: true })
          expect(yield* admin.setRefcountDebug({ debug: false })).toEqual({ refcount_debug: false })
          expect(yield* admin.setLogLevel({ level: 5 })).toEqual({ level: 5 })
          expect(yield* admin.setLogTimestamps({ timestamps: false })).toEqual({ log_timestamps: false })
          expect(yield* admin.setLogColors({ colors: true })).toEqual({ log_colors: true })
          expect(yield* admin.setLibniceDebug({ debug: true })).toEqual({ libnice_debug: true })
          expect(yield* admin.setMinNackQueue({ minNackQueue: 321 })).toEqual({ min_nack_queue: 321 })
          const nackOptimizations = !before["nack-optimizations"]
          expect(yield* admin.setNackOptimizations({ nackOptimizations })).toEqual({
            "nack-optimizations": nackOptimizations
          })
          expect(yield* admin.setNoMediaTimer({ noMediaTimer: 3 })).toEqual({ no_media_timer: 3 })
          expect(yield* admin.setSlowlinkThreshold({ slowlinkThreshold: 7 })).toEqual({ slowlink_threshold: 7 })
          expect((yield* admin.getStatus()).status).toEqual({
            ...before,
            log_level: 5,
            log_timestamps: false,
            log_colors: true,
            libnice_debug: true,
            min_nack_queue: 321,
            "nack-optimizations": nackOptimizations,
            no_media_timer: 3,
            slowlink_threshold: 7
          })
          yield* refused(admin.setLogLevel({ level: 8 }), 467)

          yield* admin.setLogLevel({ level: before.log_level })
          yield* admin.setLogTimestamps({ timestamps: before.log_timestamps })
          yield* admin.setLogColors({ colors: before.log_colors })
          yield* admin.setLibniceDebug({ debug: before.libnice_debug })
          yield* admin.setMinNackQueue({ minNackQueue: before.min_nack_queue })
          yield* admin.setNackOptimizations({ nackOptimizations: before["nack-optimizations"] })
          yield* admin.setNoMediaTimer({ noMediaTimer: before.no_media_timer })
          yield* admin.setSlowlinkThreshold({ slowlinkThreshold: before.slowlink_threshold })
          expect((yield* admin.getStatus()).status).toEqual(before)
        })
      )

      it.scoped("set_session_timeout (global) and accept_new_sessions change what Janus does", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const server = yield* JanusServer.JanusServer
          expect(yield* admin.setSessionTimeout({ timeout: 45 })).toEqual({ timeout: 45 })
          expect((yield* admin.info())["session-timeout"]).toBe(45)
          yield* refused(admin.setSessionTimeout({ timeout: -1 }), 467)
          expect(yield* admin.setSessionTimeout({ timeout: 60 })).toEqual({ timeout: 60 })

          expect(yield* admin.acceptNewSessions({ accept: false })).toEqual({ accept: false })
          expect((yield* admin.info())["accepting-new-sessions"]).toBe(false)
          const create = yield* janusApi(server.httpUrl, { janus: "create" })
          expect(create.error?.code).toBe(472)
          expect(yield* admin.acceptNewSessions({ accept: true })).toEqual({ accept: true })
          const { sessionId } = yield* echoHandle(server)
          expect((yield* admin.listSessions()).sessions).toContain(sessionId)
        })
      )

      it.effect("loops_info lists the two static event loops of the config", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const { loops } = yield* admin.loopsInfo()
          expect(loops.map((loop) => loop.id).sort()).toEqual([0, 1])
          for (const loop of loops) expect(loop.handles).toBeGreaterThanOrEqual(0)
        })
      )

      it.effect("query_transport, query_eventhandler, query_logger and message_plugin reach their module", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const connections = { request: "connections" }
          const http = yield* admin.queryTransport({ transport: "janus.transport.http", request: connections })
          expect(http.response).toMatchObject({ result: 200, connections: { http: expect.any(Number) } })
          const ws = yield* admin.queryTransport({ transport: "janus.transport.websockets", request: connections })
          expect(ws.response).toMatchObject({ result: 200, connections: expect.any(Number) })
          yield* refused(admin.queryTransport({ transport: "janus.transport.nope", request: connections }), 460)

          const handler = "janus.eventhandler.sampleevh"
          const tweak = { request: "tweak", grouping: false }
          expect(yield* admin.queryEventhandler({ handler, request: tweak })).toEqual({ response: { result: 200 } })
          const unknown = yield* admin.queryEventhandler({ handler, request: { request: "nope" } })
          expect(unknown.response).toMatchObject({ error_code: expect.any(Number), error: "Unknown request 'nope'" })
          yield* refused(admin.queryEventhandler({ handler: "janus.eventhandler.nope", request: tweak }), 460)

          const logger = "janus.logger.jsonlog"
          expect(yield* admin.queryLogger({ logger, request: { request: "info" } })).toEqual({
            response: { result: 200 }
          })
          yield* refused(admin.queryLogger({ logger: "janus.logger.nope", request: { request: "info" } }), 460)

          const echoed = yield* admin.messagePlugin({ plugin: echotest, request: { request: "hello", n: 1 } })
          expect(echoed.response).toEqual({ request: "hello", n: 1 })
          yield* refused(admin.messagePlugin({ plugin: "janus.plugin.nope", request: {} }), 460)
        })
      )

      it.scoped("resolve_address resolves on the server; test_stun asks a local STUN server", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const resolved = yield* admin.resolveAddress({ address: "localhost" })
          expect(["127.0.0.1", "::1"]).toContain(resolved.ip)
          expect(resolved.elapsed).toBeGreaterThanOrEqual(0)
          yield* refused(admin.resolveAddress({ address: "" }), 490)

          const port = yield* LocalStun.make
          const stun = yield* admin.testStun({ address: "127.0.0.1", port })
          expect(stun.public_ip).toBe("127.0.0.1")
          expect(stun.public_port).toBeGreaterThan(0)
          expect(stun.elapsed).toBeGreaterThanOrEqual(0)
        })
      )

      it.effect("custom_event reaches the event handler; custom_logline reaches the log and the JSON logger", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const server = yield* JanusServer.JanusServer
          const { events } = yield* Collector
          const schema = `effect-janus/admin-test/${wire}`
          expect(yield* admin.customEvent({ schema, data: { hello: wire } })).toBeUndefined()
          const event = yield* Queue.take(events).pipe(
            Effect.repeat({
              until: (event) => JSON.stringify(event).includes(schema)
            }),
            Effect.timeout("20 seconds")
          )
          expect(event).toMatchObject({ type: 4, event: { schema, data: { hello: wire } } })

          const line = `effect-janus admin test line over ${wire}`
          expect(yield* admin.customLogline({ line, level: 4 })).toBeUndefined()
          expect(yield* eventuallyContains(server.readLog, line)).toBe(true)
          const jsonLog = Effect.sync(() => readFileSync(`${server.runDir}/janus-log.json`, "utf8"))
          expect(yield* eventuallyContains(jsonLog, line)).toBe(true)
        })
      )

      it.scoped("list_sessions, list_handles, handle_info and a session's own timeout on a real handle", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const server = yield* JanusServer.JanusServer
          const { handleId, sessionId } = yield* echoHandle(server)
          expect((yield* admin.listSessions()).sessions).toContain(sessionId)
          expect(yield* admin.listHandles({ sessionId })).toEqual({ session_id: sessionId, handles: [handleId] })
          const full = yield* admin.handleInfo({ sessionId, handleId })
          expect(full).toMatchObject({ session_id: sessionId, handle_id: handleId })
          expect(full.info).toMatchObject({
            session_id: sessionId,
            handle_id: handleId,
            plugin: echotest,
            opaque_id: "admin-test",
            session_transport: "janus.transport.http",
            session_timeout: 60,
            flags: { negotiated: false, "got-offer": false },
            sdps: {}
          })
          expect(full.info.plugin_specific).toBeDefined()
          const pluginOnly = (yield* admin.handleInfo({ sessionId, handleId, pluginOnly: true })).info
          expect(pluginOnly.flags).toBeUndefined()
          expect(pluginOnly.plugin_specific).toEqual(full.info.plugin_specific)

          expect(yield* admin.setSessionTimeout({ sessionId, timeout: 0 })).toEqual({
            timeout: 0,
            session_id: sessionId
          })
          expect((yield* admin.handleInfo({ sessionId, handleId })).info.session_timeout).toBe(0)
          expect(yield* admin.setSessionTimeout({ sessionId, timeout: -1 })).toEqual({
            timeout: -1,
            session_id: sessionId
          })
          expect((yield* admin.handleInfo({ sessionId, handleId })).info.session_timeout).toBe(60)
          yield* refused(admin.setSessionTimeout({ sessionId, timeout: -2 }), 467)
        })
      )

      it.scoped("start_pcap / stop_pcap and start_text2pcap / stop_text2pcap capture a handle to a file", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const server = yield* JanusServer.JanusServer
          const target = yield* echoHandle(server)
          const captures = [
            { start: admin.startPcap, stop: admin.stopPcap, flag: "dump-to-pcap", file: "pcap-file" },
            {
              start: admin.startText2pcap,
              stop: admin.stopText2pcap,
              flag: "dump-to-text2pcap",
              file: "text2pcap-file"
            }
          ] as const
          for (const { file, flag, start, stop } of captures) {
            const filename = `${wire}-${flag}.capture`
            const path = `${server.recordingsDir}/${filename}`
            expect(yield* start({ ...target, folder: server.recordingsDir, filename, truncate: 0 })).toBeUndefined()
            const { info } = yield* admin.handleInfo(target)
            expect(info[flag]).toBe(true)
            expect(info[file]).toBe(path)
            expect(existsSync(path)).toBe(true)
            yield* refused(start(target), 490)
            expect(yield* stop(target)).toBeUndefined()
            expect((yield* admin.handleInfo(target)).info[flag]).toBeUndefined()
            yield* refused(stop(target), 490)
          }
        })
      )

      it.scoped("hangup_webrtc keeps the handle; detach_handle and destroy_session remove it", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const server = yield* JanusServer.JanusServer
          const { handleId, sessionId } = yield* echoHandle(server)
          expect(yield* admin.hangupWebrtc({ sessionId, handleId })).toEqual({ session_id: sessionId })
          expect((yield* admin.listHandles({ sessionId })).handles).toEqual([handleId])
          expect(yield* admin.detachHandle({ sessionId, handleId })).toEqual({ session_id: sessionId })
          expect((yield* admin.listHandles({ sessionId })).handles).toEqual([])
          yield* refused(admin.detachHandle({ sessionId, handleId }), 459)
          yield* refused(admin.hangupWebrtc({ sessionId, handleId }), 459)
          yield* refused(admin.handleInfo({ sessionId, handleId }), 459)
          expect(yield* admin.destroySession({ sessionId })).toEqual({ session_id: sessionId })
          expect((yield* admin.listSessions()).sessions).not.toContain(sessionId)
          yield* refused(admin.listHandles({ sessionId }), 458)
          yield* refused(admin.destroySession({ sessionId }), 458)
        })
      )

      it.effect("the token requests are refused without stored-token auth (490)", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const error = yield* refused(admin.addToken({ token: "t" }), 490)
          expect(error.message).toContain("Stored-Token based authentication disabled")
          yield* refused(admin.listTokens(), 490)
          yield* refused(admin.removeToken({ token: "t" }), 490)
        })
      )

      it.effect("bad params fail before sending (encode); a wrong path is 457; an unexpected reply is decode", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          for (const sessionId of [-1, 0, 1.5, Number.NaN, 2 ** 53]) {
            const error = yield* Effect.flip(admin.listHandles({ sessionId }))
            expect(error).toMatchObject({ _tag: "AdminError", reason: "encode", request: "list_handles" })
          }
          yield* refused(admin.raw("handle_info"), 457)
          yield* refused(admin.raw("no_such_request"), 457)
          const strictPing = {
            name: "ping",
            params: Schema.Struct({}),
            reply: Schema.Struct({ janus: Schema.Literal("success") })
          }
          const decode = yield* Effect.flip(admin.execute(strictPing, {}))
          expect(decode).toMatchObject({ reason: "decode", request: "ping" })
        })
      )

      it.scoped("no reply within the request timeout fails with timeout; no server fails with transport", () =>
        Effect.gen(function* () {
          const server = yield* JanusServer.JanusServer
          const { admin: viaProxy, proxy } = yield* proxiedClient(wire, server, { requestTimeout: "1 second" })
          expect(yield* viaProxy.ping()).toEqual({ janus: "pong" })
          yield* proxy.stall
          const timeout = yield* Effect.flip(viaProxy.listSessions())
          expect(timeout).toMatchObject({ _tag: "AdminError", reason: "timeout", request: "list_sessions" })

          const nowhere = wire === "HTTP" ? "http://127.0.0.1:1/admin" : "ws://127.0.0.1:1"
          const unreachable = yield* Effect.flip(
            client(wire, server, { url: nowhere }).pipe(Effect.flatMap((admin) => admin.ping()))
          )
          expect(unreachable).toMatchObject({ _tag: "AdminError", reason: "transport" })
        })
      )

      it.scoped("a cut connection: HTTP opens a new one per request, a WebSocket client fails with transport", () =>
        Effect.gen(function* () {
          const server = yield* JanusServer.JanusServer
          const { admin: viaProxy, proxy } = yield* proxiedClient(wire, server)
          expect(yield* viaProxy.ping()).toEqual({ janus: "pong" })
          yield* proxy.cut
          if (wire === "HTTP") {
            expect(yield* viaProxy.ping()).toEqual({ janus: "pong" })
          } else {
            const error = yield* Effect.flip(viaProxy.ping())
            expect(error).toMatchObject({ _tag: "AdminError", reason: "transport", request: "ping" })
          }
        })
      )
    })

    withJanus(wire, { tokenAuth: true })("stored-token authentication", (it) => {
      it.scoped("add_token, list_tokens, allow_token, disallow_token, remove_token; Janus honours the tokens", () =>
        Effect.gen(function* () {
          const admin = yield* JanusAdmin.JanusAdmin
          const server = yield* JanusServer.JanusServer
          expect((yield* admin.getStatus()).status.token_auth).toBe(true)
          const all = yield* admin.addToken({ token: "all-plugins" })
          expect(all.data.plugins).toContain(echotest)
          expect(all.data.plugins).toContain(videoroom)
          const echoOnly = yield* admin.addToken({ token: Redacted.make("echo-only"), plugins: [echotest] })
          expect(echoOnly.data.plugins).toEqual([echotest])
          const listed = (yield* admin.listTokens()).data.tokens.map((entry) => ({
            token: Redacted.value(entry.token),
            plugins: [...entry.allowed_plugins].sort()
          }))
          expect(listed).toContainEqual({ token: "echo-only", plugins: [echotest] })
          expect(listed).toContainEqual({ token: "all-plugins", plugins: [...all.data.plugins].sort() })

          const allowed = yield* admin.allowToken({ token: "echo-only", plugins: [videoroom] })
          expect([...allowed.data.plugins].sort()).toEqual([echotest, videoroom])
          const disallowed = yield* admin.disallowToken({ token: "echo-only", plugins: [echotest] })
          expect(disallowed.data.plugins).toEqual([videoroom])
          yield* refused(admin.allowToken({ token: "nobody", plugins: [echotest] }), 470)
          yield* refused(admin.disallowToken({ token: "nobody", plugins: [echotest] }), 470)
          yield* refused(admin.allowToken({ token: "echo-only", plugins: [] }), 467)

          // The Janus API: no token → 403; a stored token → a session and a handle.
          expect((yield* janusApi(server.httpUrl, { janus: "create" })).error?.code).toBe(403)
          const { handleId, sessionId } = yield* echoHandle(server, { token: "all-plugins" })
          expect((yield* admin.handleInfo({ sessionId, handleId })).info.token).toBe("all-plugins")

          expect(yield* admin.removeToken({ token: "all-plugins" })).toBeUndefined()
          const left = (yield* admin.listTokens()).data.tokens.map((entry) => Redacted.value(entry.token))
          expect(left).toEqual(["echo-only"])
          yield* refused(admin.removeToken({ token: "all-plugins" }), 490)
        })
      )
    })
  })
