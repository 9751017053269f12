import * as Redacted from "effect/Redacted"

/**
 * The plain value of a secret given as `Redacted` or as a plain string (both are accepted: a string is what
 * `Config.string` or a hand-written option gives). Anything else counts as no secret.
 */
export const secretValue = (secret: unknown): string | undefined => {
  if (typeof secret === "string") return secret
  if (Redacted.isRedacted(secret)) {
    const value: unknown = Redacted.value(secret)
    return typeof value === "string" ? value : undefined
  }
  return undefined
}
