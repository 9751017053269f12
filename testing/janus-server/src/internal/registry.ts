/**
 * Module-level registry of the Janus servers started in this module instance, so that a vitest
 * `afterEach` hook (`JanusServer.printLogOnFailure`) can find their logs even though the servers
 * themselves live in Layers or Scopes the hook cannot see.
 *
 * This is mutable state outside any Effect scope, which the house style forbids in library code; it
 * is accepted here because this package is a test harness. Vitest isolates test files (a fresh
 * module graph per file by default), so the registry holds the servers of the current test file.
 */

/** One started server. `closedLog` is the log's content captured just before its run dir was removed. */
export interface Entry {
  readonly id: string
  readonly label: string
  readonly logFile: string
  closedLog: Uint8Array | undefined
}

const entries = new Map<string, Entry>()
let hookCount = 0

/** Records a server that just became ready. */
export const register = (entry: Omit<Entry, "closedLog">): void => {
  entries.set(entry.id, { ...entry, closedLog: undefined })
}

/**
 * Marks a server as stopped. When a failure hook is installed its final log is kept until the hook
 * has run (a server scoped to one test is closed before `afterEach`); otherwise it is forgotten.
 */
export const markClosed = (id: string, log: Uint8Array): void => {
  const entry = entries.get(id)
  if (entry === undefined) return
  if (hookCount === 0) {
    entries.delete(id)
    return
  }
  entry.closedLog = log
}

/** Notes that a failure hook was installed (closed servers' logs are then retained). */
export const hookInstalled = (): void => {
  hookCount++
}

/** Every registered server, running or closed since the last `dropClosed`. */
export const all = (): ReadonlyArray<Entry> => Array.from(entries.values())

/** Forgets servers that have stopped (called after each test). */
export const dropClosed = (): void => {
  for (const [id, entry] of entries) {
    if (entry.closedLog !== undefined) entries.delete(id)
  }
}
