import type { Decimal } from 'decimal.js';
import { toDecimal } from '../../../../shared/money.js';
import { countryCode, decimalAmount, shortText, ulid, z } from '../../../../shared/validation.js';

/**
 * Where a warehouse ships, and at what cost. A zone is a named set of countries with one cost per
 * shipment; a country belongs to at most one zone of a warehouse, so a destination has at most
 * one cost per warehouse. A warehouse ships to the countries of its zones, and to any other
 * country only when `shipsOutsideZones` is set (then at no known cost).
 */
export interface ShippingZone {
  code: string;
  name: string;
  countries: readonly string[];
  /** One shipment's cost to the zone, in the shop's shipping-cost currency; null: not known. */
  cost: Decimal | null;
}

export interface ShippingProfile {
  shipsOutsideZones: boolean;
  zones: readonly ShippingZone[];
}

/** Whether a warehouse ships to a country, and what one shipment there costs if it is known. */
export type ShippingQuote = { ships: false } | { ships: true; cost: Decimal | null };

export function shippingQuote(profile: ShippingProfile, country: string): ShippingQuote {
  const zone = profile.zones.find((candidate) => candidate.countries.includes(country));
  if (zone) return { ships: true, cost: zone.cost };
  return profile.shipsOutsideZones ? { ships: true, cost: null } : { ships: false };
}

export const MAX_ZONES = 50;
export const MAX_ZONE_COUNTRIES = 250;
export const ZONE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

const zoneInput = z.object({
  code: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .refine((value) => ZONE_CODE_PATTERN.test(value), 'must be 1 to 32 letters, digits, _ or -, e.g. EU'),
  name: shortText(100),
  countries: z
    .array(countryCode)
    .min(1, 'must name at least one country')
    .max(MAX_ZONE_COUNTRIES, `must name at most ${MAX_ZONE_COUNTRIES} countries`),
  cost: decimalAmount.nullish().transform((cost) => cost ?? null),
});

/**
 * The input of setWarehouseShippingZones: the warehouse's whole shipping set-up, replacing the
 * old one. Zone codes are unique within it, and so is every country across its zones.
 */
export const shippingZonesInput = z.object({
  warehouseId: ulid,
  shipsOutsideZones: z.boolean(),
  zones: z
    .array(zoneInput)
    .max(MAX_ZONES, `must have at most ${MAX_ZONES} zones`)
    .superRefine((zones, context) => {
      const codes = new Set<string>();
      const zoneOfCountry = new Map<string, string>();
      zones.forEach((zone, index) => {
        if (codes.has(zone.code)) {
          context.addIssue({ code: 'custom', path: [index, 'code'], message: 'is used by another zone' });
        }
        codes.add(zone.code);
        zone.countries.forEach((country, position) => {
          const other = zoneOfCountry.get(country);
          if (other !== undefined) {
            const where = other === zone.code ? 'this zone already' : `zone ${other}`;
            context.addIssue({
              code: 'custom',
              path: [index, 'countries', position],
              message: `${country} is in ${where}: a country has one cost per warehouse`,
            });
          }
          zoneOfCountry.set(country, zone.code);
        });
      });
    }),
});
export type ShippingZonesInput = z.output<typeof shippingZonesInput>;

/** The stored form of a zone's cost (Prisma Decimal or null) as the domain's. */
export function zoneCost(value: { toString(): string } | null): Decimal | null {
  return value === null ? null : toDecimal(value);
}
