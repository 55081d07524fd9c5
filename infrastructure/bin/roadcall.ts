#!/usr/bin/env node
/**
 * The Roadcall CDK app. One stage per synth: `--context stage=dev|staging|prod` (default dev).
 * cdk-nag AwsSolutions runs on every synth; an unacknowledged error fails it.
 */
import { App } from 'aws-cdk-lib';
import { buildRoadcall } from '../lib/app';

const app = new App();
buildRoadcall(app);
app.synth();
