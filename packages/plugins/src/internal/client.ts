import type { PluginHandle, Protocol, SessionClosedError } from "@effect-janus/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type PluginRequestError, PluginResponseError, type RequestOptions, type WithJsep } from "../Common.js"

/** A plugin request body. */
export type Body = Readonly<Record<string, unknown>>

/** Adds the answer's `jsep` to a decoded value (an object: every answer schema is a struct or a union of them). */
const attachJsep = <A>(value: A, jsep: Protocol.Jsep | undefined): WithJsep<A> =>
  (jsep === undefined ? value : { ...(value as object), jsep }) as WithJsep<A>

/**
 * Sends `body` (and `jsep`) through `handle.message` and decodes the answer's `plugindata.data` with `schema`.
 * A mismatch fails with `PluginResponseError`; `PluginError` and the handle's own errors pass through.
 */
export const send = <A, I>(
  handle: PluginHandle,
  request: string,
  schema: Schema.Schema<A, I>,
  body: Body,
  jsep?: Protocol.Jsep | undefined,
  options?: RequestOptions | undefined
): Effect.Effect<WithJsep<A>, PluginRequestError> => {
  const decode = Schema.decodeUnknown(schema)
  return Effect.flatMap(handle.message(body, jsep, options), (response) =>
    decode(response.data).pipe(
      Effect.mapError(
        (error) =>
          new PluginResponseError({
            plugin: handle.plugin,
            request,
            message: ParseResult.TreeFormatter.formatErrorSync(error),
            data: response.data
          })
      ),
      Effect.map((value) => attachJsep(value, response.jsep))
    )
  )
}

/**
 * The handle's plugin events decoded with `schema` (a union ending with `UnknownEvent`); a value the union
 * rejects anyway becomes `{ _tag: "Unknown", data }`.
 */
export const decodeEvents = <A, I>(
  handle: PluginHandle,
  schema: Schema.Schema<A, I>
): Stream.Stream<WithJsep<A>, SessionClosedError> => {
  const decode = Schema.decodeUnknownEither(schema)
  return Stream.filterMap(handle.events, (message) => {
    if (message.janus !== "event") return Option.none()
    const data = message.plugindata.data
    const decoded = Either.getOrElse(decode(data), () => ({ _tag: "Unknown", data }) as A)
    return Option.some(attachJsep(decoded, message.jsep))
  })
}

/**
 * Typed operations of one handle. `module` prefixes span names (`VideoRoom.create`); `requestKeys` are the body
 * fields that carry the request name (`request`, plus `textroom` for the TextRoom plugin).
 */
export const makeOps = (handle: PluginHandle, module: string, requestKeys: ReadonlyArray<string> = ["request"]) => {
  const named = (request: string, params: object | undefined): Body => {
    const body: Record<string, unknown> = { ...params }
    for (const key of requestKeys) body[key] = request
    return body
  }
  return {
    handle,
    /** `(params, options?)`: sends `{ request, ...params }` and decodes the answer. */
    params: <P extends object, A, I>(request: string, schema: Schema.Schema<A, I>, name: string = request) =>
      Effect.fn(`${module}.${name}`)(function* (params: P, options?: RequestOptions) {
        return yield* send(handle, request, schema, named(request, params), undefined, options)
      }),
    /** `(params?, options?)`: for requests whose fields are all optional. */
    optional: <P extends object, A, I>(request: string, schema: Schema.Schema<A, I>, name: string = request) =>
      Effect.fn(`${module}.${name}`)(function* (params?: P, options?: RequestOptions) {
        return yield* send(handle, request, schema, named(request, params), undefined, options)
      }),
    /** `(params, jsep?, options?)`: requests that may carry an SDP offer or answer. */
    withJsep: <P extends object, A, I>(request: string, schema: Schema.Schema<A, I>, name: string = request) =>
      Effect.fn(`${module}.${name}`)(function* (params: P, jsep?: Protocol.Jsep, options?: RequestOptions) {
        return yield* send(handle, request, schema, named(request, params), jsep, options)
      }),
    /** `(params?, jsep?, options?)`: as `withJsep`, with all fields optional. */
    optionalWithJsep: <P extends object, A, I>(request: string, schema: Schema.Schema<A, I>, name: string = request) =>
      Effect.fn(`${module}.${name}`)(function* (params?: P, jsep?: Protocol.Jsep, options?: RequestOptions) {
        return yield* send(handle, request, schema, named(request, params), jsep, options)
      }),
    /** Decoded plugin events. */
    events: <A, I>(schema: Schema.Schema<A, I>) => decodeEvents(handle, schema)
  }
}
