#!/usr/bin/env node
/**
 * The CDK app: reads the deployment config, builds the home stack and one probe stack
 * per region, and runs cdk-nag's AwsSolutions checks on them (findings stop the synth).
 *
 *   npx cdk synth -c homeRegion=eu-west-1 -c probeRegions=eu-west-1,us-east-1 \
 *     -c alertFrom=alerts@example.org -c alertTo=ops@example.org -c allowedPrivateRanges=10.0.0.0/8
 *   npx cdk synth -c config=crosscheck.config.json      (same keys in a JSON file)
 *
 * Context values override the file's. Without any, example values are used so that
 * `npm run synth` works offline; a deployment must set at least alertFrom and alertTo.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentConfig } from '../lib/read-config.ts';
import { buildCrossCheck } from '../lib/crosscheck-app.ts';
import { CrossCheckError } from '../functions/core/errors.ts';

const app = new App();
try {
  const config = readDeploymentConfig((key) => app.node.tryGetContext(key) as unknown, process.env);
  buildCrossCheck(app, config);
} catch (error) {
  if (!(error instanceof CrossCheckError)) throw error;
  console.error(error.message);
  process.exit(1);
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
