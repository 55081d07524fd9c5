export { dynamoClient, dynamoDocumentClient, s3Client, sesClient, sqsClient } from './clients';
