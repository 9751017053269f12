import type * as Protocol from "../Protocol.js"

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const isId = (u: unknown) => typeof u === "number" && Number.isSafeInteger(u) && u > 0
const optional = (u: unknown, check: (u: unknown) => boolean) => u === undefined || check(u)
const isString = (u: unknown) => typeof u === "string"
const isNumber = (u: unknown) => typeof u === "number"
const isPluginData = (u: unknown) => isRecord(u) && typeof u.plugin === "string" && isRecord(u.data)

/**
 * The frames of the hot path checked by hand, with the same rules as `Protocol.Incoming`: an `ack`, a `success`,
 * a plugin `event` without `jsep`, or a `detached` (one per handle closed). Returns the frame itself (extra fields
 * stay: the schema would drop them) when it is one of these and valid, `undefined` otherwise — the caller then
 * decodes with the schema, which also gives the error of a malformed frame. The schema decode (a Union of 13 Structs)
 * was the largest cost of a frame.
 */
export const fastIncoming = (json: unknown): Protocol.Incoming | undefined => {
  if (!isRecord(json)) return undefined
  switch (json.janus) {
    case "ack":
      return isString(json.transaction) && optional(json.session_id, isNumber) && optional(json.hint, isString)
        ? (json as Protocol.Ack)
        : undefined
    case "success":
      return isString(json.transaction) &&
        optional(json.session_id, isId) &&
        optional(json.sender, isId) &&
        optional(json.data, (data) => isRecord(data) && optional(data.id, isNumber)) &&
        optional(json.plugindata, isPluginData)
        ? (json as Protocol.Success)
        : undefined
    case "event":
      return isId(json.session_id) &&
        isId(json.sender) &&
        optional(json.transaction, isString) &&
        isPluginData(json.plugindata) &&
        json.jsep === undefined
        ? (json as Protocol.PluginEvent)
        : undefined
    case "detached":
      return isId(json.session_id) && isId(json.sender) ? (json as Protocol.Detached) : undefined
    default:
      return undefined
  }
}
