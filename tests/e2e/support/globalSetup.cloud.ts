import { setUpTarget } from './globalSetup';

/**
 * The e2e-cloud project's globalSetup. One module per target: jest runs a global hook module once per
 * run however many projects name it, so the projects cannot share one.
 */
export default (): Promise<void> => setUpTarget('cloud');
