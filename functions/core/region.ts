/**
 * A region name: where a check runs and where its results, rollups and queues are
 * kept apart. An AWS region (`eu-west-1`) or a logical region of the local mode
 * (`local-a`): lower-case letters, digits and dashes, starting with a letter or digit,
 * at most 63 characters. Region names are also used inside stored attribute names
 * (`<region>#checks`), which is why `#` and upper case are kept out.
 *
 * Not to be confused with the deployment's AWS regions (lib/config.ts), which must be
 * real AWS region codes.
 */
import * as z from 'zod';

/** The pattern without anchors, for places that build a larger RegExp around a region name. */
export const REGION_NAME_SOURCE = '[a-z0-9][a-z0-9-]{0,62}';

/** A whole region name. */
export const REGION_NAME_PATTERN = new RegExp(`^${REGION_NAME_SOURCE}$`);

export const REGION_NAME_MESSAGE = 'must be a region name such as eu-west-1 or local-a';

export const RegionNameSchema = z.string().regex(REGION_NAME_PATTERN, REGION_NAME_MESSAGE);
