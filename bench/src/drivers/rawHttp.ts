/**
 * The HTTP floor: a minimal Janus REST client on Node's global `fetch` — `POST` for requests, one long-poll
 * loop per session (`GET /janus/S?maxev=10`) that resolves pending plugin events by transaction.
 */
import * as Effect from "effect/Effect"
import { type Driver, echoBody, echotest, type Target } from "../driver.js"
import { poolAsync, sequentialAsync } from "../measure.js"

type Message = { readonly janus: string; readonly transaction?: string; readonly [key: string]: unknown }

const post = async (url: string, body: Record<string, unknown>): Promise<Message> => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  const message = (await response.json()) as Message
  if (message.janus === "error") throw new Error(JSON.stringify(message.error))
  return message
}

/** One session with its long-poll loop. */
export class RawHttpSession {
  private readonly waiting = new Map<string, (message: Message) => void>()
  private readonly abort = new AbortController()
  private counter = 0
  private readonly polling: Promise<void>

  private constructor(
    private readonly base: string,
    readonly id: number
  ) {
    this.polling = this.poll()
  }

  static async create(base: string): Promise<RawHttpSession> {
    const reply = (await post(base, { janus: "create", transaction: "c" })) as Message & { data: { id: number } }
    return new RawHttpSession(base, reply.data.id)
  }

  private async poll(): Promise<void> {
    let rid = 0
    while (!this.abort.signal.aborted) {
      try {
        const response = await fetch(`${this.base}/${this.id}?maxev=10&rid=${rid++}`, { signal: this.abort.signal })
        const body = (await response.json()) as Message | ReadonlyArray<Message>
        for (const message of Array.isArray(body) ? body : [body]) {
          const transaction = message.transaction
          if (transaction === undefined) continue
          const resolve = this.waiting.get(transaction)
          if (resolve !== undefined) {
            this.waiting.delete(transaction)
            resolve(message)
          }
        }
      } catch (error) {
        if (!this.abort.signal.aborted) throw error
      }
    }
  }

  request(body: Record<string, unknown>, path = ""): Promise<Message> {
    return post(`${this.base}/${this.id}${path}`, { ...body, transaction: `r${this.counter++}` })
  }

  async attach(): Promise<number> {
    const reply = (await this.request({ janus: "attach", plugin: echotest })) as Message & { data: { id: number } }
    return reply.data.id
  }

  /** Sends an EchoTest message and resolves with its event (registered before the POST: it may come first). */
  echo(handleId: number): Promise<Message> {
    const transaction = `r${this.counter++}`
    const event = new Promise<Message>((resolve) => this.waiting.set(transaction, resolve))
    return post(`${this.base}/${this.id}/${handleId}`, { janus: "message", body: echoBody, transaction }).then(
      () => event
    )
  }

  async destroy(): Promise<void> {
    await this.request({ janus: "destroy" })
    this.abort.abort()
    await this.polling
  }
}

const withSession = <A>(base: string, f: (session: RawHttpSession) => Promise<A>) =>
  Effect.promise(async () => {
    const session = await RawHttpSession.create(base)
    try {
      return await f(session)
    } finally {
      await session.destroy()
    }
  })

/** The raw fetch client as a benchmark driver (W1 and W2). */
export const rawHttp = (target: Target): Driver => ({
  name: "raw-fetch",
  transport: "http",
  baseline: true,
  workloads: {
    keepalives: (n, warmup) =>
      withSession(target.httpUrl, (session) =>
        sequentialAsync(n, warmup, () => session.request({ janus: "keepalive" }))
      ),
    echoes: (n, warmup) =>
      withSession(target.httpUrl, async (session) => {
        const handle = await session.attach()
        return sequentialAsync(n, warmup, () => session.echo(handle))
      }),
    throughput: (total, inflight, warmup) =>
      withSession(target.httpUrl, async (session) => {
        const handle = await session.attach()
        return poolAsync(total, inflight, warmup, () => session.echo(handle))
      })
  }
})
