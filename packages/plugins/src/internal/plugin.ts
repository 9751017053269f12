/**
 * The one helper behind every plugin module: the four constructors of a plugin service, and typed operations
 * defined from request schemas (the request name is the schema's `request` literal, the body the schema's
 * encoding, the answer decoded by the reply schema).
 */
import {
  type Ids,
  type JanusApiError,
  JanusSession,
  Plugin,
  type PluginHandle,
  type Protocol,
  type Session,
  type SessionClosedError,
  TransportError
} from "@effect-janus/core"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import {
  type AttachOptions,
  type OnResync,
  PluginRequestBodyError,
  type PluginRequestError,
  PluginResponseError,
  type ReattachOptions,
  type RequestOptions,
  type Resync,
  type WithJsep
} from "../Common.js"

type Body = Readonly<Record<string, unknown>>

/** A request schema: a struct whose `request` field is a literal (the EchoTest's has none). */
export type RequestSchema = Schema.Schema.AnyNoContext & { readonly fields: Schema.Struct.Fields }

/** The parameters of a request: its fields without the name and the fixed ones. */
export type ParamsOf<R extends RequestSchema, Fixed = {}> = Omit<Schema.Schema.Type<R>, "request" | keyof Fixed>

/** A typed operation taking `Args`: it answers the reply with the JSEP that came with it, or fails. */
type Operation<Args extends ReadonlyArray<unknown>, A> = (
  ...args: Args
) => Effect.Effect<WithJsep<A>, PluginRequestError>
/** A typed operation `(params, options?)`. */
export type Op<P, A> = Operation<[params: P, options?: RequestOptions], A>
/** A typed operation whose parameters are all optional: `(params?, options?)`. */
export type OptionalOp<P, A> = Operation<[params?: P, options?: RequestOptions], A>
/** A typed operation that may carry an SDP: `(params, jsep?, options?)`. */
export type JsepOp<P, A> = Operation<[params: P, jsep?: Protocol.Jsep, options?: RequestOptions], A>
/** A typed operation whose parameters are all optional and that may carry an SDP: `(params?, jsep?, options?)`. */
export type OptionalJsepOp<P, A> = Operation<[params?: P, jsep?: Protocol.Jsep, options?: RequestOptions], A>
/** A typed operation that carries an SDP offer: `(params, jsep, options?)`. */
export type OfferOp<P, A> = Operation<[params: P, jsep: Protocol.Jsep, options?: RequestOptions], A>
/** A typed operation that only carries an SDP (an answer): `(jsep, options?)`. */
export type AnswerOp<A> = Operation<[jsep: Protocol.Jsep, options?: RequestOptions], A>
/** A typed operation that only carries an SDP answer, when there is one: `(jsep?, options?)`. */
export type OptionalAnswerOp<A> = Operation<[jsep?: Protocol.Jsep, options?: RequestOptions], A>
/** A typed operation without parameters: `(options?)`. */
export type Bare<A> = Operation<[options?: RequestOptions], A>

/** The typed operations of one handle (see {@link makeOps}). */
export type Ops = ReturnType<typeof makeOps>

/** Adds the answer's `jsep` to a decoded value (an object: every answer schema is a struct or a union of them). */
const attachJsep = <A>(value: A, jsep: Protocol.Jsep | undefined): WithJsep<A> =>
  (jsep === undefined ? value : { ...(value as object), jsep }) as WithJsep<A>

/** The request's name: the literal of its `request` field. */
const nameOf = (schema: RequestSchema): string | undefined => {
  const field = schema.fields.request
  return field !== undefined && "literals" in field
    ? String((field as Schema.Literal<[string]>).literals[0])
    : undefined
}

/**
 * Options of one operation: `name` (the request name, for a schema that allows several), `span` (the span name,
 * default the request name) and `fixed` (fields every call sends as they are, e.g. VideoRoom `ptype`).
 */
interface OpOptions<Fixed> {
  readonly span?: string | undefined
  readonly name?: string | undefined
  readonly fixed?: Fixed | undefined
}

/** What defines an operation: its request schema, its reply schema and its {@link OpOptions}. */
type Define<R extends RequestSchema, A, I, Fixed extends object = {}> = [
  request: R,
  reply: Schema.Schema<A, I>,
  options?: OpOptions<Fixed>
]

/** The handle's plugin events decoded with `schema`; a value the union rejects becomes `{ _tag: "Unknown", data }`. */
const decodeEvents = <A, I>(
  messages: Stream.Stream<Protocol.HandleMessage, SessionClosedError>,
  schema: Schema.Schema<A, I>
): Stream.Stream<WithJsep<A>, SessionClosedError> => {
  const decode = Schema.decodeUnknownEither(schema)
  return Stream.filterMap(messages, (message) => {
    if (message.janus !== "event") return Option.none()
    const data = message.plugindata.data
    const decoded = Either.getOrElse(decode(data), () => ({ _tag: "Unknown", data }) as A)
    return Option.some(attachJsep(decoded, message.jsep))
  })
}

/**
 * Typed operations of one handle. `module` prefixes span names (`VideoRoom.create`). The body carries the request
 * name in `request` (read from the schema, or `options.name` for a schema with several names), except for a
 * schema without a `request` field (the EchoTest's unnamed request).
 */
export const makeOps = (handle: PluginHandle, module: string) => {
  const op = <R extends RequestSchema, A, I, Fixed extends object = {}>(
    ...[request, reply, options]: Define<R, A, I, Fixed>
  ) => {
    const literal = nameOf(request)
    const name = options?.name ?? literal ?? "message"
    const encode = Schema.encode(request, { onExcessProperty: "preserve" })
    const decode = Schema.decodeUnknown(reply)
    const named: Record<string, unknown> = { ...options?.fixed }
    if (literal !== undefined) named.request = name
    return Effect.fn(`${module}.${options?.span ?? name}`)(function* (
      params: ParamsOf<R, Fixed> | undefined,
      jsep: Protocol.Jsep | undefined,
      requestOptions: RequestOptions | undefined
    ) {
      const body = (yield* encode({ ...params, ...named }).pipe(
        Effect.mapError(
          (error) =>
            new PluginRequestBodyError({
              plugin: handle.plugin,
              request: name,
              message: ParseResult.TreeFormatter.formatErrorSync(error)
            })
        )
      )) as Body
      const response = yield* handle.message(body, jsep, requestOptions)
      const value = yield* decode(response.data).pipe(
        Effect.mapError(
          (error) =>
            new PluginResponseError({
              plugin: handle.plugin,
              request: name,
              message: ParseResult.TreeFormatter.formatErrorSync(error),
              data: response.data
            })
        )
      )
      return attachJsep(value, response.jsep)
    }) as (
      params: ParamsOf<R, Fixed> | undefined,
      jsep: Protocol.Jsep | undefined,
      options: RequestOptions | undefined
    ) => Effect.Effect<WithJsep<A>, PluginRequestError>
  }
  return {
    handle,
    /** `(params, options?)`. */
    params:
      <R extends RequestSchema, A, I, Fixed extends object = {}>(...definition: Define<R, A, I, Fixed>) =>
      (params: ParamsOf<R, Fixed>, requestOptions?: RequestOptions) =>
        op(...definition)(params, undefined, requestOptions),
    /** `(params?, options?)`: for requests whose fields are all optional. */
    optional:
      <R extends RequestSchema, A, I>(...definition: Define<R, A, I>) =>
      (params?: ParamsOf<R>, requestOptions?: RequestOptions) =>
        op(...definition)(params, undefined, requestOptions),
    /** `(params?, jsep?, options?)`: requests that may carry an SDP offer or answer. */
    withJsep:
      <R extends RequestSchema, A, I, Fixed extends object = {}>(...definition: Define<R, A, I, Fixed>) =>
      (params: ParamsOf<R, Fixed>, jsep?: Protocol.Jsep, requestOptions?: RequestOptions) =>
        op(...definition)(params, jsep, requestOptions),
    /** `(options?)`: requests without fields. */
    bare:
      <R extends RequestSchema, A, I>(...definition: Define<R, A, I>) =>
      (requestOptions?: RequestOptions) =>
        op(...definition)(undefined, undefined, requestOptions),
    /** `(jsep?, options?)`: requests without fields that carry an SDP. */
    bareWithJsep:
      <R extends RequestSchema, A, I>(...definition: Define<R, A, I>) =>
      (jsep?: Protocol.Jsep, requestOptions?: RequestOptions) =>
        op(...definition)(undefined, jsep, requestOptions),
    /** The service's `events` and `subscribeEvents`: the handle's plugin events decoded with `schema`. */
    events: <A, I>(schema: Schema.Schema<A, I>) => ({
      events: decodeEvents(handle.events, schema),
      subscribeEvents: Effect.map(handle.subscribe, (messages) => decodeEvents(messages, schema))
    })
  }
}

/** Fails `effect` with `TransportError` `timeout` ("no `what` within …") when it takes longer than `timeout`. */
export const timeoutAs =
  (timeout: Duration.DurationInput, what: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | TransportError, R> =>
    Effect.timeoutFail(effect, {
      duration: timeout,
      onTimeout: () =>
        new TransportError({
          reason: "timeout",
          message: `no ${what} within ${Duration.format(Duration.decode(timeout))}`
        })
    })

/**
 * Subscribes to the handle's events, runs `send`, and resolves with `send`'s answer when `isFinal` accepts it, else
 * with the first later event `isFinal` accepts (for flows whose outcome comes without our transaction, e.g. SIP
 * `registered`). Fails with `TransportError` `timeout` after `timeout`, `closed` when the handle goes away first.
 */
export const awaitLaterEvent = <A, I, E, C extends A>(
  handle: PluginHandle,
  schema: Schema.Schema<A, I>,
  send: Effect.Effect<WithJsep<A>, E>,
  isFinal: (event: A) => event is C,
  timeout: Duration.DurationInput,
  what: string
): Effect.Effect<WithJsep<C>, E | SessionClosedError | TransportError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const later = decodeEvents(yield* handle.subscribe, schema)
      const answer = yield* send
      if (isFinal(answer)) return answer as WithJsep<C>
      const next = yield* later.pipe(
        Stream.filter((event): event is WithJsep<C> => isFinal(event)),
        Stream.runHead,
        timeoutAs(timeout, what)
      )
      if (Option.isNone(next)) {
        return yield* new TransportError({ reason: "closed", message: `handle detached before ${what}` })
      }
      return next.value
    })
  )

/** The four ways to get a plugin service: `attach` / `reattach` effects and their Layers. */
export interface Constructors<S> {
  readonly attach: (
    session: JanusSession,
    options?: AttachOptions
  ) => Effect.Effect<S, JanusApiError | TransportError | SessionClosedError, Scope.Scope>
  readonly reattach: (
    session: JanusSession,
    handleId: Ids.HandleId | number,
    options?: ReattachOptions
  ) => Effect.Effect<S, SessionClosedError | JanusApiError, Scope.Scope>
  readonly layer: (
    options?: AttachOptions
  ) => Layer.Layer<S, JanusApiError | TransportError | SessionClosedError, JanusSession>
  readonly layerReattach: (
    handleId: Ids.HandleId | number,
    options?: ReattachOptions
  ) => Layer.Layer<S, SessionClosedError | JanusApiError, JanusSession>
}

/**
 * A plugin's usual re-sync (the `resync` of its attach options): wraps the recovered handle with `make`, runs
 * `read` on it and hands the outcome to `onResync`; it then fails as `read` did, so that the core logs it too.
 */
export type ResyncWith<S> = <A, E>(
  read: (service: S, recovery: Session.Recovery) => Effect.Effect<A, E>,
  onResync: OnResync<A, E>
) => Resync

/**
 * A plugin's definition: its `plugin`, its service Tag (`@effect-janus/plugins/<name>`), the four constructors over
 * `make`, and `resyncWith` (see {@link ResyncWith}).
 */
export const define = <S>(
  name: string,
  packageName: string,
  make: (handle: PluginHandle) => S
): Constructors<S> & {
  readonly plugin: Plugin.Plugin
  readonly tag: Context.Tag<S, S>
  readonly resyncWith: ResyncWith<S>
} => {
  const plugin = Plugin.make(packageName)
  const tag = Context.GenericTag<S>(`@effect-janus/plugins/${name}`)
  const attach: Constructors<S>["attach"] = (session, options) => Effect.map(session.attach(plugin, options), make)
  const reattach: Constructors<S>["reattach"] = (session, handleId, options) =>
    Effect.map(session.reattach(plugin, handleId, options), make)
  return {
    plugin,
    tag,
    attach,
    reattach,
    resyncWith: (read, onResync) => (handle, recovery) =>
      Effect.either(read(make(handle), recovery)).pipe(
        Effect.tap((result) => onResync({ recovery, result })),
        Effect.flatten
      ),
    layer: (options) =>
      Layer.scoped(
        tag,
        Effect.flatMap(JanusSession, (session) => attach(session, options))
      ),
    layerReattach: (handleId, options) =>
      Layer.scoped(
        tag,
        Effect.flatMap(JanusSession, (session) => reattach(session, handleId, options))
      )
  }
}
