/** API tokens on DynamoDB, by the SHA-256 of their secret (table design in table.ts). */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TokenRecord, TokenStore } from "./ports.js";
import { documentClient, GSI, keys } from "./table.js";

export class DynamoTokenStore implements TokenStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.token(token.hash), ...token, [GSI.byId.pk]: "TOKENS", [GSI.byId.sk]: token.createdAt },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.token(hash) }));
    if (!Item) return undefined;
    return { hash: Item.hash, id: Item.id, role: Item.role, scopes: Item.scopes, createdAt: Item.createdAt, ...(Item.label ? { label: Item.label } : {}) } as TokenRecord;
  }

  async hasTokens(): Promise<boolean> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI.byId.name,
        KeyConditionExpression: `${GSI.byId.pk} = :tokens`,
        ExpressionAttributeValues: { ":tokens": "TOKENS" },
        Limit: 1,
      }),
    );
    return (page.Items?.length ?? 0) > 0;
  }

  async deleteToken(hash: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.token(hash) }));
  }
}
