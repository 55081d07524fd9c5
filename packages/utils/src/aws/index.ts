export { type DocumentSender, dynamoClient, dynamoDocumentClient, lazyDocumentClient, s3Client, sesClient, sqsClient } from './clients';
export { documentSdk, dynamodbSdk, isConditionalCheckFailed, s3Sdk, sesSdk, sqsSdk } from './sdk';
