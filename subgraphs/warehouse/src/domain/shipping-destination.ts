import { countryCode, shortText, z } from '../../../../shared/validation.js';
import type { Destination } from './allocation-strategy.js';
import { coordinatesInput } from './warehouse-location.js';

const optionalText = (max: number) =>
  z
    .string()
    .nullish()
    .transform((value) => (value?.trim() ? value : null))
    .pipe(shortText(max).nullable());

/**
 * reserveStock's destination as the order knew it. Region and postal code are kept as given
 * (the order subgraph checked them with the country's address rules); empty means unknown.
 */
export const shippingDestinationInput = z
  .object({
    country: countryCode,
    region: optionalText(100),
    postalCode: optionalText(32),
    coordinates: coordinatesInput.nullish().transform((value) => value ?? null),
  })
  .transform((value): Destination => value);
