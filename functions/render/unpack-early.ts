/**
 * Imported first (for its effect) by the entry points that render: starts unpacking the browser
 * before the rest of their modules load and compile, about a fifth of a second of a cold start that
 * the unpacking then overlaps. The renderer asks for the same unpacking when it is built (once per
 * process, chromium-unpack.ts); a failure is reported by the launch that waits for it.
 */
import { unpackChromium } from "./chromium-unpack.js";

if (!process.env.NIANBAO_CHROMIUM_PATH) unpackChromium().catch(() => undefined);
