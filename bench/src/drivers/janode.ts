/**
 * Janode 1.8.0 (Meetecho's Node.js Janus client) with its EchoTest plugin class, used as its README shows:
 * `Janode.connect` → `connection.create()` → `session.attach(EchoTestPlugin)` → `handle.message(body)`, which
 * resolves with the plugin's event. Janode has no `claim`, so it sits out W5.
 */
import * as Effect from "effect/Effect"
import Janode, { type JanodeConnection } from "janode"
import EchoTestPlugin from "janode/plugins/echotest"
import { type Driver, echoBody, type Target } from "../driver.js"
import { poolAsync, scaleAsync, sequentialAsync } from "../measure.js"

Janode.Logger.setLevel("none")

const withConnection = <A>(url: string, f: (c: JanodeConnection) => Promise<A>) =>
  Effect.promise(async () => {
    const connection = await Janode.connect({ address: { url }, retry_time_secs: 1, max_retries: 1 })
    try {
      return await f(connection)
    } finally {
      await connection.close()
    }
  })

/** Janode as a benchmark driver. */
export const janode = (target: Target): Driver => ({
  name: "janode",
  transport: "ws",
  baseline: false,
  workloads: {
    keepalives: (n, warmup) =>
      withConnection(target.wsUrl, async (c) => {
        const session = await c.create()
        const sample = await sequentialAsync(n, warmup, () => session.sendRequest({ janus: "keepalive" }))
        await session.destroy()
        return sample
      }),
    echoes: (n, warmup) =>
      withConnection(target.wsUrl, async (c) => {
        const session = await c.create()
        const handle = await session.attach(EchoTestPlugin)
        const sample = await sequentialAsync(n, warmup, () => handle.message(echoBody))
        await session.destroy()
        return sample
      }),
    throughput: (total, inflight, warmup) =>
      withConnection(target.wsUrl, async (c) => {
        const session = await c.create()
        const handle = await session.attach(EchoTestPlugin)
        const sample = await poolAsync(total, inflight, warmup, () => handle.message(echoBody))
        await session.destroy()
        return sample
      }),
    churn: (n, concurrency, warmup) =>
      withConnection(target.wsUrl, (c) =>
        poolAsync(n, concurrency, warmup, async () => {
          const session = await c.create()
          const handle = await session.attach(EchoTestPlugin)
          await handle.detach()
          await session.destroy()
        })
      ),
    scale: (sessions, idleMs, keepAliveMs) =>
      withConnection(target.wsUrl, async (c) => {
        const live: Array<{ destroy(): Promise<void> }> = []
        return scaleAsync(
          sessions,
          idleMs,
          () =>
            poolAsync(sessions, 20, 0, async () => {
              const session = await c.create(keepAliveMs / 1000)
              await session.attach(EchoTestPlugin)
              live.push(session)
            }),
          () => poolAsync(live.length, 20, 0, () => live.pop()!.destroy())
        )
      })
  }
})
