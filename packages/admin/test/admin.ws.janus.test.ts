import { suite } from "./suite.js"

suite("WebSocket")
