import type { IRules } from 'graphql-shield';
import { hasRole } from '../../../shared/auth/rules.js';

/**
 * Published reviews and ratings are public; pending and rejected ones are never served, except
 * to the customer subgraph's workers gathering their author's data export.
 */
export const permissions: IRules = {
  Query: {
    // Internal (@inaccessible).
    reviewDataOfCustomer: hasRole('service'),
  },
};
