/**
 * `node:http` for Lambda bundles, through CommonJS (esbuild `--alias:http=<this file>`
 * and `--alias:node:http=<this file>`).
 *
 * An ES module that imports `node:http` makes Node build the module's ESM facade, which
 * reads every export, and one of them (`WebSocket`) is a lazy getter that loads undici:
 * about 40 ms of every cold start, for a WebSocket nobody uses. Taking the module object
 * from `process.getBuiltinModule` and letting the bundle read its properties when used
 * skips that. Behaviour is the same module; only the loading differs.
 */
module.exports = process.getBuiltinModule('node:http');
