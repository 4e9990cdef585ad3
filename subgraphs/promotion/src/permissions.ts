import type { IRules } from 'graphql-shield';

/** Running promotions are public: shops advertise them. */
export const permissions: IRules = {};
