/** The CrossCheckFunction props that follow from the deployment config, the same for every function. */
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { DeploymentConfig } from './config.ts';
import { namesFor } from './names.ts';

export interface FunctionDefaults {
  readonly tableName: string;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export function functionDefaults(config: DeploymentConfig): FunctionDefaults {
  return {
    tableName: namesFor(config.name).table,
    // RetentionDays' values are the day counts themselves; the config only admits those.
    logRetention: config.logRetentionDays as logs.RetentionDays,
    logRemovalPolicy: config.destroyLogs ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  };
}
