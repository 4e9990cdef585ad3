import { parseInput, z } from '../../../../shared/validation.js';
import type { CustomerResolvers, QueryResolvers } from '../generated/graphql.js';

const customerSegmentsArgs = z.object({ customerId: z.string().min(1).max(64) });

export const segmentQueries: Pick<QueryResolvers, 'customerSegments'> = {
  customerSegments: (_parent, args, { segments }) => {
    const { customerId } = parseInput(customerSegmentsArgs, args);
    return segments.segmentsOf(customerId);
  },
};

export const segmentFields: Pick<CustomerResolvers, 'segments'> = {
  segments: (customer, _args, { segments }) => segments.segmentsOf(customer.id),
};
