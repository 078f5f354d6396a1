import type { SourceDocument } from "../document.js";
import type { Deadline } from "../limits.js";
export async function readDocx(_bytes: Uint8Array, _deadline: Deadline): Promise<SourceDocument> {
  throw new Error("todo");
}
