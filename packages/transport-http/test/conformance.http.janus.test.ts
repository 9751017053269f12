import { http } from "./conformance/subjects.js"
import { conformance } from "./conformance/suite.js"

conformance(http)
