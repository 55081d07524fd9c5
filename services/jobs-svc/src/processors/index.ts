import { JobRegistry } from '../registry';
import { bulkOperationProcessor } from './bulkOperation';
import { exportProcessor } from './export';
import { reportGenerationProcessor } from './reportGeneration';

export { type BulkParams, bulkOperationProcessor, bulkParams } from './bulkOperation';
export { DEFAULT_CHUNK_SIZE } from './constants';
export { type ExportParams, exportParams, exportProcessor } from './export';
export { type ReportParams, reportGenerationProcessor, reportParams } from './reportGeneration';

/**
 * The job types this deployment runs. Another service adds one by registering a processor here
 * (`registry.register(myProcessor())`); the API validates against it and the consumer runs it.
 */
export function createRegistry(options: { chunkSize?: number } = {}): JobRegistry {
  return new JobRegistry()
    .register(exportProcessor(options))
    .register(bulkOperationProcessor(options))
    .register(reportGenerationProcessor(options));
}
