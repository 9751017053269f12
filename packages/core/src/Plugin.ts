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
 */
export interface Plugin<Name extends string = string> {
  readonly name: Name
}

/**
 * Defines a plugin by package name, e.g. `Plugin.make("janus.plugin.echotest")`.
 *
 * @since 0.1.0
 */
export const make = <const Name extends string>(name: Name): Plugin<Name> => ({ name })

/**
 * A plugin or its package name.
 *
 * @since 0.1.0
 */
export type PluginLike = Plugin | string

/**
 * The package name of a plugin or name.
 *
 * @since 0.1.0
 */
export const nameOf = (plugin: PluginLike): string => (typeof plugin === "string" ? plugin : plugin.name)
