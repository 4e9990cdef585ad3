import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { newId } from '../../../../shared/ids.js';
import type { WarehouseProfile } from '../domain/allocation-strategy.js';
import { type ShippingZone, type ShippingZonesInput, zoneCost } from '../domain/shipping-zones.js';
import { type CreateWarehouseInput, regionProblem, type UpdateWarehouseInput } from '../domain/warehouse-location.js';
import { Prisma, type Warehouse } from '../generated/prisma/client.js';
import type { WarehouseDatabase } from './database.js';
import { UnknownWarehouse } from './stock.js';
import type { Transaction } from './stock-counters.js';

/** Who changed a warehouse's configuration, and the request it came with. */
export interface ChangeAuthor {
  actor: AuditActor;
  correlationId: string | null;
}

/** A warehouse code that another warehouse has. */
export class WarehouseCodeTaken extends Error {}

/** The change would leave the warehouse inconsistent (a region outside its country); nothing changed. */
export class WarehouseChangeRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'WarehouseChangeRefused';
  }
}

const ZONES_IN_ORDER = {
  orderBy: { code: 'asc' as const },
  include: { countries: { orderBy: { country: 'asc' as const } } },
};

type ZoneRow = Prisma.ShippingZoneGetPayload<{ include: { countries: true } }>;

function toZone(row: ZoneRow): ShippingZone {
  return {
    code: row.code,
    name: row.name,
    countries: row.countries.map((entry) => entry.country),
    cost: zoneCost(row.cost),
  };
}

/** Every warehouse as the allocation strategy sees it: location, priority and shipping zones. Two statements. */
export async function warehouseProfiles(db: WarehouseDatabase | Transaction): Promise<WarehouseProfile[]> {
  const rows = await db.warehouse.findMany({ include: { zones: ZONES_IN_ORDER }, orderBy: { id: 'asc' } });
  return rows.map((row) => ({
    id: row.id,
    country: row.country,
    coordinates:
      row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    priority: row.priority,
    shipsOutsideZones: row.shipsOutsideZones,
    zones: row.zones.map(toZone),
  }));
}

/** Shipping zones of many warehouses, in one statement, by zone code. */
export async function zonesOf(
  db: WarehouseDatabase,
  warehouseIds: string[],
): Promise<(ShippingZone & { warehouseId: string })[]> {
  const rows = await db.shippingZone.findMany({ where: { warehouseId: { in: warehouseIds } }, ...ZONES_IN_ORDER });
  return rows.map((row) => ({ warehouseId: row.warehouseId, ...toZone(row) }));
}

/** What the change history keeps of a warehouse's own fields. */
function snapshotOf(warehouse: Warehouse) {
  return {
    code: warehouse.code,
    name: warehouse.name,
    country: warehouse.country,
    region: warehouse.region,
    latitude: warehouse.latitude,
    longitude: warehouse.longitude,
    priority: warehouse.priority,
    shipsOutsideZones: warehouse.shipsOutsideZones,
  };
}

function zonesSnapshot(zones: readonly ShippingZone[]) {
  return zones.map((zone) => ({ ...zone, cost: zone.cost?.toFixed() ?? null }));
}

async function recordChange(
  tx: Transaction,
  warehouseId: string,
  action: 'CREATE' | 'UPDATE' | 'SET_SHIPPING_ZONES',
  before: Prisma.InputJsonValue | null,
  after: Prisma.InputJsonValue,
  author: ChangeAuthor,
  now: Date,
): Promise<void> {
  await tx.warehouseChange.create({
    data: {
      id: newId(),
      warehouseId,
      action,
      actor: author.actor,
      before: before ?? Prisma.JsonNull,
      after,
      correlationId: author.correlationId,
      createdAt: now,
    },
  });
}

/** createWarehouse: the warehouse and its history's first entry, together. */
export async function createWarehouse(
  db: WarehouseDatabase,
  input: CreateWarehouseInput,
  author: ChangeAuthor,
  now: Date,
): Promise<Warehouse> {
  try {
    return await db.$transaction(async (tx) => {
      const warehouse = await tx.warehouse.create({
        data: {
          id: newId(),
          code: input.code,
          name: input.name,
          country: input.country,
          region: input.region,
          latitude: input.coordinates?.latitude ?? null,
          longitude: input.coordinates?.longitude ?? null,
          priority: input.priority,
          createdAt: now,
          updatedAt: now,
        },
      });
      await recordChange(tx, warehouse.id, 'CREATE', null, snapshotOf(warehouse), author, now);
      return warehouse;
    });
  } catch (error) {
    // The unique index on code decides between two concurrent creations of one code.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new WarehouseCodeTaken(`warehouse code ${input.code} is taken`);
    }
    throw error;
  }
}

/** Locks a warehouse's row for the rest of the transaction; an unknown id is UnknownWarehouse. */
async function lockWarehouse(tx: Transaction, warehouseId: string): Promise<void> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM warehouse WHERE id = ${warehouseId} FOR UPDATE`;
  if (!locked) throw new UnknownWarehouse(`no warehouse ${warehouseId}`);
}

/**
 * updateWarehouse: the row is locked while the change is checked against it (a region must stay
 * inside the country, whichever of the two changes), then written with its history entry.
 */
export async function updateWarehouse(
  db: WarehouseDatabase,
  input: UpdateWarehouseInput,
  author: ChangeAuthor,
  now: Date,
): Promise<Warehouse> {
  return db.$transaction(async (tx) => {
    await lockWarehouse(tx, input.warehouseId);
    const before = await tx.warehouse.findUniqueOrThrow({ where: { id: input.warehouseId } });
    const country = input.country ?? before.country;
    const region = input.region === undefined ? before.region : input.region;
    const problem = regionProblem(country, region);
    if (problem) throw new WarehouseChangeRefused(`input.region ${problem}`, 'input.region');
    const coordinates =
      input.coordinates === undefined
        ? {}
        : { latitude: input.coordinates?.latitude ?? null, longitude: input.coordinates?.longitude ?? null };
    const after = await tx.warehouse.update({
      where: { id: input.warehouseId },
      data: {
        ...(input.name === undefined ? {} : { name: input.name }),
        country,
        region,
        ...coordinates,
        ...(input.priority === undefined ? {} : { priority: input.priority }),
        updatedAt: now,
      },
    });
    await recordChange(tx, after.id, 'UPDATE', snapshotOf(before), snapshotOf(after), author, now);
    return after;
  });
}

/**
 * setWarehouseShippingZones: the old zones are replaced by the new ones in one transaction, under
 * the warehouse's row lock, so two concurrent replacements apply one after the other and a
 * reservation planning meanwhile sees either set whole. The history keeps both sets.
 */
export async function setShippingZones(
  db: WarehouseDatabase,
  input: ShippingZonesInput,
  author: ChangeAuthor,
  now: Date,
): Promise<Warehouse> {
  return db.$transaction(async (tx) => {
    await lockWarehouse(tx, input.warehouseId);
    const before = await tx.warehouse.findUniqueOrThrow({
      where: { id: input.warehouseId },
      include: { zones: ZONES_IN_ORDER },
    });
    await tx.shippingZone.deleteMany({ where: { warehouseId: input.warehouseId } });
    await tx.shippingZone.createMany({
      data: input.zones.map((zone) => ({
        warehouseId: input.warehouseId,
        code: zone.code,
        name: zone.name,
        cost: zone.cost === null ? null : new Prisma.Decimal(zone.cost.toFixed()),
      })),
    });
    await tx.shippingZoneCountry.createMany({
      data: input.zones.flatMap((zone) =>
        zone.countries.map((country) => ({ warehouseId: input.warehouseId, zoneCode: zone.code, country })),
      ),
    });
    const after = await tx.warehouse.update({
      where: { id: input.warehouseId },
      data: { shipsOutsideZones: input.shipsOutsideZones, updatedAt: now },
    });
    const sortedZones = input.zones
      .map((zone) => ({ ...zone, countries: [...zone.countries].sort() }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
    await recordChange(
      tx,
      after.id,
      'SET_SHIPPING_ZONES',
      { shipsOutsideZones: before.shipsOutsideZones, zones: zonesSnapshot(before.zones.map(toZone)) },
      { shipsOutsideZones: after.shipsOutsideZones, zones: zonesSnapshot(sortedZones) },
      author,
      now,
    );
    return after;
  });
}
