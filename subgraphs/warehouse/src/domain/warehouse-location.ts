import { countryCode, shortText, ulid, z } from '../../../../shared/validation.js';

/** Latitude and longitude in degrees (WGS 84). */
export interface Coordinates {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance (haversine) in kilometres: the fallback measure where no cost is known. */
export function greatCircleKm(from: Coordinates, to: Coordinates): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export const latitude = z
  .number()
  .min(-90, 'must be between -90 and 90')
  .max(90, 'must be between -90 and 90')
  .refine(Number.isFinite, 'must be a number');
export const longitude = z
  .number()
  .min(-180, 'must be between -180 and 180')
  .max(180, 'must be between -180 and 180')
  .refine(Number.isFinite, 'must be a number');

/** ISO 3166-2 subdivision codes: the country, a hyphen, 1 to 3 letters or digits (US-NJ, DE-BE). */
export const regionCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(value), 'must be an ISO 3166-2 code such as US-NJ');

export const coordinatesInput = z.object({ latitude, longitude });

/** A warehouse's ranking among equals: lower ships first. */
export const priority = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be at least 0')
  .max(1_000_000, 'must be at most 1000000');

/** The input of createWarehouse. */
export const createWarehouseInput = z
  .object({
    code: z
      .string()
      .trim()
      .transform((value) => value.toUpperCase())
      .refine((value) => /^[A-Z0-9][A-Z0-9-]{1,31}$/.test(value), 'must be 2 to 32 letters, digits or -, e.g. BER-1'),
    name: shortText(100),
    country: countryCode,
    region: regionCode.nullish().transform((value) => value ?? null),
    coordinates: coordinatesInput.nullish().transform((value) => value ?? null),
    priority: priority.nullish().transform((value) => value ?? 0),
  })
  .superRefine((value, context) => {
    const problem = regionProblem(value.country, value.region);
    if (problem) context.addIssue({ code: 'custom', path: ['region'], message: problem });
  });
export type CreateWarehouseInput = z.output<typeof createWarehouseInput>;

/**
 * The input of updateWarehouse: only the fields given change; `region` and `coordinates` given
 * as null are cleared. The country and region are checked together against what is stored.
 */
export const updateWarehouseInput = z.object({
  warehouseId: ulid,
  name: shortText(100).optional(),
  country: countryCode.optional(),
  region: regionCode.nullable().optional(),
  coordinates: coordinatesInput.nullable().optional(),
  priority: priority.optional(),
});
export type UpdateWarehouseInput = z.output<typeof updateWarehouseInput>;

/** Why a region does not belong to a country, or null when it does (or there is none). */
export function regionProblem(country: string, region: string | null): string | null {
  return region && !region.startsWith(`${country}-`) ? `must be a subdivision of ${country}` : null;
}
