/**
 * Reading an index partition newest first, a page at a time, when some items read may be left out
 * (a DynamoDB filter, or a test only the caller can make such as a token's scope). Each call reads at
 * most `budget` items, so a narrow filter costs several calls rather than one unbounded one; the page
 * then carries fewer items than asked, and a cursor.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor, InvalidCursorError } from "./cursor.js";
import type { Page } from "./ports.js";

export interface NewestFirstQuery<T> {
  /** the Query without paging (no Limit, ExclusiveStartKey or ScanIndexForward) */
  readonly input: QueryCommandInput;
  /** the index's sort key attribute: cursors hold its value */
  readonly sortKey: string;
  /** the whole key (table and index) of the item with this sort key */
  readonly startKey: (sortKey: string) => Record<string, unknown>;
  /** what a sort key in a cursor must look like */
  readonly sortKeyPattern: RegExp;
  readonly convert: (item: Record<string, unknown>) => T;
  readonly accept?: (value: T) => boolean;
  readonly budget: number;
}

export async function queryNewestFirst<T>(
  doc: DynamoDBDocumentClient,
  query: NewestFirstQuery<T>,
  options: { limit: number; cursor?: string },
): Promise<Page<T>> {
  let exclusive = options.cursor ? decodeCursor<{ k: string }>(options.cursor, { k: "string" }).k : undefined;
  if (exclusive !== undefined && !query.sortKeyPattern.test(exclusive)) throw new InvalidCursorError();
  const filtered = query.input.FilterExpression !== undefined || query.accept !== undefined;
  const items: T[] = [];
  let read = 0;
  while (read < query.budget) {
    const page = await doc.send(
      new QueryCommand({
        ...query.input,
        ScanIndexForward: false,
        // unfiltered: one more than asked tells whether a next page exists
        Limit: Math.min(filtered ? 200 : options.limit - items.length + 1, query.budget - read),
        ...(exclusive ? { ExclusiveStartKey: query.startKey(exclusive) } : {}),
      }),
    );
    read += page.ScannedCount ?? 0;
    const found = page.Items ?? [];
    for (let i = 0; i < found.length; i++) {
      const value = query.convert(found[i]!);
      if (query.accept && !query.accept(value)) continue;
      items.push(value);
      if (items.length === options.limit) {
        const more = i < found.length - 1 || page.LastEvaluatedKey !== undefined;
        return { items, ...(more ? { cursor: encodeCursor({ k: found[i]![query.sortKey] as string }) } : {}) };
      }
    }
    if (!page.LastEvaluatedKey) return { items };
    exclusive = page.LastEvaluatedKey[query.sortKey] as string;
  }
  return { items, cursor: encodeCursor({ k: exclusive! }) };
}
