/**
 * The Node services the harness needs to run processes and touch files. Not `NodeContext.layer`: its
 * Terminal would touch stdin.
 *
 * @since 0.1.0
 */
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

/**
 * `CommandExecutor`, `FileSystem` and `Path` for Node.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<CommandExecutor.CommandExecutor | FileSystem.FileSystem | Path.Path> = Layer.mergeAll(
  NodePath.layer,
  NodeCommandExecutor.layer
).pipe(Layer.provideMerge(NodeFileSystem.layer))

/**
 * Collects a byte stream (a process's stdout or stderr) as text; a stream error ends the text early.
 *
 * @since 0.1.0
 */
export const collectText = <E, R>(stream: Stream.Stream<Uint8Array, E, R>): Effect.Effect<string, never, R> =>
  stream.pipe(
    Stream.decodeText(),
    Stream.mkString,
    Effect.orElseSucceed(() => "")
  )
