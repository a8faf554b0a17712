/** An RFC 3339 date-time with an offset (`2026-11-21T12:00:00.000Z`), as every message and stored record writes times. */
import * as z from 'zod';

export const DateTimeSchema = z.iso.datetime({ offset: true });
