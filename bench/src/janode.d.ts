// The parts of Janode 1.8.0 (plain JavaScript, no bundled types) that the benchmark uses.
declare module "janode" {
  export interface JanodeMessage {
    readonly janus: string
    readonly [key: string]: unknown
  }
  export interface JanodeHandle {
    readonly id: number
    message(body: Record<string, unknown>, jsep?: unknown): Promise<JanodeMessage>
    detach(): Promise<void>
  }
  export interface JanodeSession {
    readonly id: number
    attach(plugin: { readonly id: string; readonly Handle: unknown }): Promise<JanodeHandle>
    sendRequest(request: Record<string, unknown>): Promise<JanodeMessage>
    destroy(): Promise<void>
  }
  export interface JanodeConnection {
    /** `ka_interval` in seconds (default 30). */
    create(kaInterval?: number): Promise<JanodeSession>
    close(): Promise<void>
  }
  const Janode: {
    connect(config: {
      readonly address: { readonly url: string } | ReadonlyArray<{ readonly url: string }>
      readonly retry_time_secs?: number
      readonly max_retries?: number
    }): Promise<JanodeConnection>
    readonly Logger: { setLevel(level: "debug" | "verb" | "info" | "warn" | "error" | "none"): string }
  }
  export default Janode
}

declare module "janode/plugins/echotest" {
  const EchoTestPlugin: { readonly id: string; readonly Handle: unknown }
  export default EchoTestPlugin
}
