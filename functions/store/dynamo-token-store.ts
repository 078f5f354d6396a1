/**
 * API tokens on DynamoDB, by the SHA-256 of their secret (table design in table.ts). The table name
 * comes from the configuration (NIANBAO_TOKEN_TABLE, by default the service's one table), so tokens
 * can move to a table of their own without a code change.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, paginateQuery, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TokenRecord, TokenStore } from "./ports.js";
import { documentClient, keys, TOKEN_INDEX } from "./table.js";

const TOKENS = "TOKENS";
const FIELDS = ["hash", "id", "role", "scopes", "createdAt", "label", "createdBy", "expiresAt", "lastUsedAt", "revokedAt"] as const;

function toToken(item: Record<string, unknown>): TokenRecord {
  const token: Record<string, unknown> = {};
  for (const field of FIELDS) if (item[field] !== undefined) token[field] = item[field];
  return token as unknown as TokenRecord;
}

export class DynamoTokenStore implements TokenStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async putToken(token: TokenRecord): Promise<void> {
    const index = TOKEN_INDEX.all;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.token(token.hash), ...token, [index.pk]: TOKENS, [index.sk]: token.createdAt },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    // strongly consistent: a revocation is seen by the very next request
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.token(hash), ConsistentRead: true }));
    return Item ? toToken(Item) : undefined;
  }

  async listTokens(): Promise<TokenRecord[]> {
    const index = TOKEN_INDEX.all;
    const tokens: TokenRecord[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, IndexName: index.name, KeyConditionExpression: `${index.pk} = :tokens`, ExpressionAttributeValues: { ":tokens": TOKENS } },
    );
    for await (const page of pages) tokens.push(...(page.Items ?? []).map(toToken));
    return tokens;
  }

  async findToken(id: string): Promise<TokenRecord | undefined> {
    const listed = (await this.listTokens()).find((token) => token.id === id);
    // the index is eventually consistent: read the item itself for its current state
    return listed ? this.getToken(listed.hash) : undefined;
  }

  async revokeToken(hash: string, at: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.token(hash),
          UpdateExpression: "SET revokedAt = :at",
          ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(revokedAt)",
          ExpressionAttributeValues: { ":at": at },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordUse(hash: string, at: string, notBefore: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.token(hash),
          UpdateExpression: "SET lastUsedAt = :at",
          // concurrent requests (or other containers) write it once
          ConditionExpression: "attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :notBefore)",
          ExpressionAttributeValues: { ":at": at, ":notBefore": notBefore },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async hasTokens(): Promise<boolean> {
    const index = TOKEN_INDEX.all;
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.pk} = :tokens`,
        ExpressionAttributeValues: { ":tokens": TOKENS },
        Limit: 1,
      }),
    );
    return (page.Items?.length ?? 0) > 0;
  }

  async deleteToken(hash: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.token(hash) }));
  }
}
