#!/usr/bin/env node
/**
 * The Roadcall CDK app. One stage per synth: `--context stage=dev|staging|prod` (default dev).
 * cdk-nag AwsSolutions runs on every synth; an unacknowledged error fails it.
 *
 * CDK's built-in CloudFormation validation (a WASM rule engine, on by default since 2.27x) is off
 * unless `CDK_VALIDATION=true`: it was most of the synth's CPU once bundling was one pass
 * (docs/deploy.md, "Synth time"), and it only warns: it cannot fail a synth unless told to.
 */
import { App } from 'aws-cdk-lib';
import { buildRoadcall } from '../lib/app';
import { removeBundleScratch } from '../lib/constructs/function-bundles';

const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
buildRoadcall(app);
app.synth();
removeBundleScratch();
