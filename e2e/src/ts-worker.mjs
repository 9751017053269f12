// Bootstrap of a TypeScript worker thread (see Handoff.ts): registers tsx's loader in this thread, then
// imports the worker module named in workerData.entry. `execArgv: ["--import", "tsx"]` is not enough on
// Node 20: the worker's entry module is loaded before tsx's hooks apply ("Unknown file extension .ts").
import { workerData } from "node:worker_threads"
import { register } from "tsx/esm/api"

register()
await import(workerData.entry)
