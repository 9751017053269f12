/**
 * Plugin definitions: the package name a handle attaches to (`janus.plugin.echotest`, …). Typed wrappers in
 * `@effect-janus/plugins` build on these; any other plugin can be used by name.
 *
 * @since 0.1.0
 */

/**
 * A Janus plugin, named by its package (the `plugin` of an `attach` request, Janus docs: "The Janus API › attach").
 *
 * @since 0.1.0
 * @category models
 */
export interface Plugin<Name extends string = string> {
  readonly name: Name
}

/**
 * Defines a plugin by package name, e.g. `Plugin.make("janus.plugin.echotest")`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <const Name extends string>(name: Name): Plugin<Name> => ({ name })

/**
 * A plugin, as the core's `attach` takes it: a {@link Plugin} value or its package name (`"janus.plugin.echotest"`).
 *
 * @since 0.1.0
 * @category models
 */
export type PluginLike = Plugin | string

/**
 * The package name (`janus.plugin.x`) of a {@link Plugin} or of a plain name, which is returned as it is.
 *
 * @since 0.1.0
 * @category utils
 */
export const nameOf = (plugin: PluginLike): string => (typeof plugin === "string" ? plugin : plugin.name)
