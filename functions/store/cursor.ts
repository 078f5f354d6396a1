/** Opaque pagination cursors: base64url JSON, checked on the way back in. */
export class InvalidCursorError extends Error {
  constructor() {
    super("invalid cursor");
  }
}

export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T extends Record<string, string | number>>(cursor: string, shape: { [K in keyof T]: "string" | "number" }): T {
  try {
    if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, unknown>;
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InvalidCursorError();
    for (const [key, type] of Object.entries(shape)) if (typeof value[key] !== type) throw new InvalidCursorError();
    if (Object.keys(value).length !== Object.keys(shape).length) throw new InvalidCursorError();
    return value as T;
  } catch {
    throw new InvalidCursorError();
  }
}
