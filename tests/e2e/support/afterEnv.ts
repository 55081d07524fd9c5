import { FLOW_TEST_TIMEOUT_MS } from './constants';

// A flow waits on queues, matching rounds and job streams: seconds, on a shared machine.
jest.setTimeout(FLOW_TEST_TIMEOUT_MS);
