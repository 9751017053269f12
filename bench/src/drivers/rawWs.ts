/**
 * The floor: a minimal Janus client on the `ws` package — a Map of pending transactions, no validation, no
 * routing beyond the transaction. Anything a real client does on top of this is overhead we want to see.
 */
import * as Effect from "effect/Effect"
import { WebSocket } from "ws"
import { type Driver, echoBody, echotest, type Target } from "../driver.js"
import { cyclesAsync, poolAsync, scaleAsync, sequentialAsync } from "../measure.js"

type Message = { readonly janus: string; readonly [key: string]: unknown }

interface Pending {
  /** `"event"`: skip the `ack` and wait for the plugin event that carries the transaction. */
  readonly until: "reply" | "event"
  readonly resolve: (message: Message) => void
  readonly reject: (error: Error) => void
}

/** One WebSocket connection to Janus. */
export class RawWsConnection {
  private readonly pending = new Map<string, Pending>()
  private counter = 0

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as Message & { transaction?: string }
      const transaction = message.transaction
      if (transaction === undefined) return
      const entry = this.pending.get(transaction)
      if (entry === undefined || (entry.until === "event" && message.janus === "ack")) return
      this.pending.delete(transaction)
      if (message.janus === "error") entry.reject(new Error(JSON.stringify(message.error)))
      else entry.resolve(message)
    })
    ws.on("close", () => {
      for (const entry of this.pending.values()) entry.reject(new Error("closed"))
      this.pending.clear()
    })
  }

  static open(url: string): Promise<RawWsConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, "janus-protocol")
      ws.once("open", () => resolve(new RawWsConnection(ws)))
      ws.once("error", reject)
    })
  }

  request(body: Record<string, unknown>, until: "reply" | "event" = "reply"): Promise<Message> {
    return new Promise((resolve, reject) => {
      const transaction = `r${this.counter++}`
      this.pending.set(transaction, { until, resolve, reject })
      this.ws.send(JSON.stringify({ ...body, transaction }))
    })
  }

  async create(): Promise<number> {
    const reply = (await this.request({ janus: "create" })) as Message & { data: { id: number } }
    return reply.data.id
  }

  async attach(sessionId: number): Promise<number> {
    const reply = (await this.request({ janus: "attach", session_id: sessionId, plugin: echotest })) as Message & {
      data: { id: number }
    }
    return reply.data.id
  }

  echo(sessionId: number, handleId: number): Promise<Message> {
    return this.request({ janus: "message", session_id: sessionId, handle_id: handleId, body: echoBody }, "event")
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.ws.once("close", () => resolve())
      this.ws.close()
    })
  }
}

const withConnection = <A>(url: string, f: (c: RawWsConnection) => Promise<A>) =>
  Effect.promise(async () => {
    const connection = await RawWsConnection.open(url)
    try {
      return await f(connection)
    } finally {
      await connection.close()
    }
  })

/** The raw WebSocket client as a benchmark driver. */
export const rawWs = (target: Target): Driver => ({
  name: "raw-ws",
  transport: "ws",
  baseline: true,
  workloads: {
    keepalives: (n, warmup) =>
      withConnection(target.wsUrl, async (c) => {
        const session = await c.create()
        const sample = await sequentialAsync(n, warmup, () => c.request({ janus: "keepalive", session_id: session }))
        await c.request({ janus: "destroy", session_id: session })
        return sample
      }),
    echoes: (n, warmup) =>
      withConnection(target.wsUrl, async (c) => {
        const session = await c.create()
        const handle = await c.attach(session)
        const sample = await sequentialAsync(n, warmup, () => c.echo(session, handle))
        await c.request({ janus: "destroy", session_id: session })
        return sample
      }),
    throughput: (total, inflight, warmup) =>
      withConnection(target.wsUrl, async (c) => {
        const session = await c.create()
        const handle = await c.attach(session)
        const sample = await poolAsync(total, inflight, warmup, () => c.echo(session, handle))
        await c.request({ janus: "destroy", session_id: session })
        return sample
      }),
    churn: (n, concurrency, warmup) =>
      withConnection(target.wsUrl, (c) =>
        poolAsync(n, concurrency, warmup, async () => {
          const session = await c.create()
          const handle = await c.attach(session)
          await c.request({ janus: "detach", session_id: session, handle_id: handle })
          await c.request({ janus: "destroy", session_id: session })
        })
      ),
    scale: (sessions, idleMs, keepAliveMs) =>
      withConnection(target.wsUrl, async (c) => {
        const live: Array<{ id: number; handle: number; timer: NodeJS.Timeout }> = []
        return scaleAsync(
          sessions,
          idleMs,
          () =>
            poolAsync(sessions, 20, 0, async () => {
              const id = await c.create()
              const handle = await c.attach(id)
              const timer = setInterval(() => {
                c.request({ janus: "keepalive", session_id: id }).catch(() => undefined)
              }, keepAliveMs)
              live.push({ id, handle, timer })
            }),
          () =>
            poolAsync(live.length, 20, 0, async () => {
              const entry = live.pop()!
              clearInterval(entry.timer)
              await c.request({ janus: "destroy", session_id: entry.id })
            })
        )
      }),
    reclaim: (n, warmup) =>
      Effect.promise(() =>
        cyclesAsync(n, warmup, async () => {
          const first = await RawWsConnection.open(target.wsUrl)
          const session = await first.create()
          const handle = await first.attach(session)
          await first.close()
          return async (time) => {
            const second = await time(async () => {
              const c = await RawWsConnection.open(target.wsUrl)
              await c.request({ janus: "claim", session_id: session })
              await c.echo(session, handle)
              return c
            })
            await second.request({ janus: "destroy", session_id: session })
            await second.close()
          }
        })
      )
  }
})
