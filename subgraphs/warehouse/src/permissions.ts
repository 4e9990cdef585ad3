import type { IRules } from 'graphql-shield';

/** Availability and warehouse locations are public; stock levels per warehouse are not served. */
export const permissions: IRules = {};
