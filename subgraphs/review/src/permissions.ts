import type { IRules } from 'graphql-shield';

/** Published reviews and ratings are public; pending and rejected ones are never served. */
export const permissions: IRules = {};
