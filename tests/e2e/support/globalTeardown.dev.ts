import { tearDownTarget } from './globalTeardown';

/** The e2e-dev project's globalTeardown (one module per target, like globalSetup.dev.ts). */
export default (): Promise<void> => tearDownTarget('dev');
