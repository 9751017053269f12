import { fileURLToPath } from "node:url"

/**
 * The harness's Janus config template (`janus/conf/`), for `JanusServer.make({ templateDir })`: named here because
 * the bundles (bench/build/*.js) sit where the harness's own default does not resolve.
 */
export const templateDir = fileURLToPath(new URL("../../janus/conf/", import.meta.url))
