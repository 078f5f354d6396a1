import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    // Integration suites start real servers and browsers; keep the defaults generous but bounded.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
