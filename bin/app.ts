#!/usr/bin/env node
// The CDK app. The two-region deployment arrives with the AWS issue; until then the
// app synthesizes empty so that `npm run synth` proves the offline toolchain works.
import { App } from 'aws-cdk-lib';

const app = new App();
app.synth();
