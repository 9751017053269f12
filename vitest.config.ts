import { defineConfig } from "vitest/config"
import { alias } from "./vitest.shared.js"

// One project per package. Unit tests (in-memory transport) and integration tests (a real Janus
// started by the test harness) live side by side; integration files end in `.janus.test.ts`.
// Every project resolves the library packages to their sources (vitest.shared.ts).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "core", include: ["packages/core/test/**/*.test.ts"] } },
      {
        test: {
          name: "transport-ws",
          include: ["packages/transport-ws/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: "transport-http",
          include: ["packages/transport-http/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: "plugins",
          include: ["packages/plugins/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: "admin",
          include: ["packages/admin/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        test: {
          name: "webrtc",
          include: ["packages/webrtc/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000
        }
      },
      {
        test: { name: "testing", include: ["testing/**/test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 }
      },
      { test: { name: "e2e", include: ["e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000 } },
      { test: { name: "browser", include: ["browser/test/**/*.test.ts"], testTimeout: 90_000, hookTimeout: 60_000 } },
      { test: { name: "examples", include: ["examples/test/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 60_000 } }
    ].map((project) => ({ ...project, resolve: { alias } }))
  }
})
