import { tearDownTarget } from './globalTeardown';

/** The e2e-cloud project's globalTeardown (one module per target, like globalSetup.cloud.ts). */
export default (): Promise<void> => tearDownTarget('cloud');
