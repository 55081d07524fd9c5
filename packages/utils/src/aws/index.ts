export { dynamoClient, dynamoDocumentClient, s3Client, sesClient, sqsClient } from './clients';
export { documentSdk, dynamodbSdk, s3Sdk, sesSdk, sqsSdk } from './sdk';
