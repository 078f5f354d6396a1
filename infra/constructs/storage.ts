/**
 * The document bucket (private, SSL only, encrypted, versioned, access-logged), its access-log
 * bucket, the metadata table and the tokens table.
 *
 * With deletion protection on (the default) buckets and tables are retained by `cdk destroy` and the
 * tables refuse deletion. With it off, `cdk destroy` removes everything: the buckets are emptied
 * first (autoDeleteObjects — only then, never on a protected stack).
 */
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { GSI, TOKEN_INDEX, TTL_ATTRIBUTE, tableDefinition } from "../../functions/store/table.js";

export interface StorageProps {
  readonly deletionProtection: boolean;
  /** days a noncurrent object version is kept (objects are content-addressed: rare) */
  readonly noncurrentVersionDays: number;
}

export class Storage extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly table: Table;
  readonly tokens: Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const removalPolicy = props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const autoDeleteObjects = !props.deletionProtection;

    this.logBucket = new Bucket(this, "AccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // No ACLs: S3 delivers server access logs under a bucket policy for logging.s3.amazonaws.com.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects,
    });
    Validations.of(this.logBucket).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the server-access-log bucket of the document bucket; logging it into itself would loop.",
    });

    this.bucket = new Bucket(this, "Documents", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: "documents/",
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays) },
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy,
      autoDeleteObjects,
    });

    // The same keys and indexes as the local emulator's table (functions/store/table.ts). Items
    // that carry an expiry (jobs, audit records, when a retention is configured) expire by TTL.
    const definition = tableDefinition("nianbao");
    const tableProps = {
      partitionKey: { name: "PK", type: AttributeType.STRING },
      sortKey: { name: "SK", type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.deletionProtection,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy,
    };
    this.table = new Table(this, "Metadata", { ...tableProps, timeToLiveAttribute: TTL_ATTRIBUTE });
    for (const index of Object.values(GSI)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.pk, type: AttributeType.STRING },
        sortKey: { name: index.sk, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    if (definition.GlobalSecondaryIndexes?.length !== Object.values(GSI).length) throw new Error("table definitions disagree");

    // Tokens apart from everything else: only the authoriser and the token routes are granted this
    // table, so no function that publishes, regenerates or plans a job could read or mint a token.
    this.tokens = new Table(this, "Tokens", tableProps);
    // the tokens' only index: every token, for listing and revocation by id
    this.tokens.addGlobalSecondaryIndex({
      indexName: TOKEN_INDEX.all.name,
      partitionKey: { name: TOKEN_INDEX.all.pk, type: AttributeType.STRING },
      sortKey: { name: TOKEN_INDEX.all.sk, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}
