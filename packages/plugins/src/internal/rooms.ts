/**
 * Room administration shared by the AudioBridge, VideoRoom and TextRoom plugins (and Streaming's `list`): the
 * requests have the same fields in the three plugins, the answers differ only by the plugin's key.
 */
import * as Schema from "effect/Schema"
import { Id } from "../Common.js"
import type { Op, Ops, OptionalOp, ParamsOf, RequestSchema } from "./plugin.js"
import {
  type AllowedParams,
  AllowedRequest,
  type DestroyParams,
  DestroyRequest,
  type ExistsParams,
  ExistsRequest,
  type ListParams,
  type ListParticipantsParams,
  ListParticipantsRequest,
  ListRequest
} from "./roomRequests.js"
import { answers, Bool, opt, Strings } from "./schema.js"

/** The answer to `listparticipants` of the plugin whose answers carry `key`: `room` and its `participants`. */
export const participantsAnswer = <const K extends string, P extends Schema.Schema.AnyNoContext>(
  key: K,
  participant: P
) => answers(key)("Participants", "participants", { room: Id, participants: Schema.Array(participant) })

/**
 * The answer to `list` of the plugin whose answers carry `key`: `{ <key>: "success", list: [room, …] }`, one `room`
 * per public room (private ones too with `admin_key`).
 */
export const roomListAnswer = <const K extends string, R extends Schema.Schema.AnyNoContext>(key: K, room: R) =>
  answers(key)("RoomList", "success", { list: Schema.Array(room) })

/** The answers of the room requests for the plugin whose answers carry `key` (e.g. `videoroom`). */
export const roomAnswers = <const K extends string>(key: K) => {
  const answer = answers(key)
  const changed = <const T extends string, const V extends string>(tag: T, value: V) =>
    answer(tag, value, { room: Id, permanent: opt(Bool) })
  return {
    Created: changed("Created", "created"),
    Edited: changed("Edited", "edited"),
    Destroyed: changed("Destroyed", "destroyed"),
    Exists: answer("Exists", "success", { room: Id, exists: Bool }),
    Allowed: answer("Allowed", "success", { room: Id, allowed: opt(Strings) })
  }
}

interface RoomSchemas {
  readonly CreateRequest: RequestSchema
  readonly EditRequest: RequestSchema
}
interface RoomAnswerSchemas {
  readonly Created: Schema.Schema.AnyNoContext
  readonly Edited: Schema.Schema.AnyNoContext
  readonly Destroyed: Schema.Schema.AnyNoContext
  readonly Exists: Schema.Schema.AnyNoContext
  readonly Allowed: Schema.Schema.AnyNoContext
  readonly RoomList: Schema.Schema.AnyNoContext
  readonly Participants: Schema.Schema.AnyNoContext
}
type Answer<Res extends RoomAnswerSchemas, K extends keyof RoomAnswerSchemas> = Schema.Schema.Type<Res[K]>

/**
 * The room management of every room plugin (AudioBridge, VideoRoom, TextRoom), typed from the plugin's `requests`
 * (`Req`) and `responses` (`Res`) modules: synchronous requests, answered at once. They fail with `PluginError`
 * with the plugin's codes ("no such room", "unauthorized" for a wrong or missing `secret`, "room exists") or the
 * other `PluginRequestError`s.
 */
export interface RoomAdmin<Req extends RoomSchemas, Res extends RoomAnswerSchemas> {
  /**
   * Creates a room with the given settings (`room` is chosen by the plugin when missing; `permanent: true` saves
   * it to the plugin's config file): `Created` with its id. Fails with the plugin's "room exists" code
   * (AudioBridge 486, TextRoom 418, VideoRoom 427), or "unauthorized" without the plugin's `admin_key` when one is
   * configured.
   */
  readonly create: OptionalOp<ParamsOf<Req["CreateRequest"]>, Answer<Res, "Created">>
  /** Changes the `new_*` settings of a room (its `secret` needed); `permanent: true` saves them: `Edited`. */
  readonly edit: Op<ParamsOf<Req["EditRequest"]>, Answer<Res, "Edited">>
  /** Destroys a room: its participants are told (`Destroyed` / `destroyed`) and dropped. Needs its `secret`. */
  readonly destroy: Op<DestroyParams, Answer<Res, "Destroyed">>
  /** Whether a room exists (`exists: true | false`); never fails for a missing room. */
  readonly exists: Op<ExistsParams, Answer<Res, "Exists">>
  /** The public rooms (private ones too with the plugin's `admin_key`), with their settings and participant counts. */
  readonly list: OptionalOp<ListParams, Answer<Res, "RoomList">>
  /** Changes the room's token ACL (`enable`, `disable`, `add`, `remove`); answers the complete list. Needs `secret`. */
  readonly allowed: Op<AllowedParams, Answer<Res, "Allowed">>
  /** The room's participants now; fails with the plugin's "no such room" code for a missing room. */
  readonly listParticipants: Op<ListParticipantsParams, Answer<Res, "Participants">>
}

/** The {@link RoomAdmin} operations of a handle, from its plugin's `requests` and `responses` modules. */
export const roomAdmin = <Req extends RoomSchemas, Res extends RoomAnswerSchemas>(
  ops: Ops,
  req: Req,
  res: Res
): RoomAdmin<Req, Res> => ({
  create: ops.optional(req.CreateRequest, res.Created),
  edit: ops.params(req.EditRequest, res.Edited),
  destroy: ops.params(DestroyRequest, res.Destroyed),
  exists: ops.params(ExistsRequest, res.Exists),
  list: ops.optional(ListRequest, res.RoomList),
  allowed: ops.params(AllowedRequest, res.Allowed),
  listParticipants: ops.params(ListParticipantsRequest, res.Participants)
})
