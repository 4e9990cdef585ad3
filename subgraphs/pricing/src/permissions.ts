import type { IRules } from 'graphql-shield';

/** Current prices are public. */
export const permissions: IRules = {};
