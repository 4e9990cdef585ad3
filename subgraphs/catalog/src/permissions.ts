import type { IRules } from 'graphql-shield';

/** Everything the catalog serves is public: shoppers browse without signing in. */
export const permissions: IRules = {};
