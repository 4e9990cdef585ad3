import type { AuditActor } from '../../../../shared/auth/audit-actor.js';
import { isUniqueViolation } from '../../../../shared/database.js';
import { conflict, notFound } from '../../../../shared/errors.js';
import {
  CATEGORY_AGGREGATE,
  CatalogEventType,
  type CategoryChangedPayload,
  PRODUCT_AGGREGATE,
  type ProductChangedPayload,
} from '../../../../shared/events/catalog-events.js';
import { appendToOutbox } from '../../../../shared/events/outbox.js';
import { newId } from '../../../../shared/ids.js';
import {
  type CategoryChanges,
  canMoveStatus,
  invalidStatusChange,
  type NewCategory,
  type NewProduct,
  type ProductChanges,
} from '../domain/catalog-changes.js';
import type { Category, Prisma, Product } from '../generated/prisma/client.js';
import type { CatalogDatabase } from './database.js';

type Tx = Prisma.TransactionClient;

/** The unique index a write collided with, as PostgreSQL names it, turned into the field a client sent. */
function duplicateOf(error: unknown): 'sku' | 'slug' | null {
  if (!isUniqueViolation(error)) return null;
  const text = JSON.stringify(error.meta ?? {}) + error.message;
  if (text.includes('sku')) return 'sku';
  if (text.includes('slug')) return 'slug';
  return null;
}

function rethrowDuplicate(error: unknown, value: { sku?: string; slug?: string }): never {
  const field = duplicateOf(error);
  if (field === 'sku') throw conflict(`Another product has the SKU ${value.sku}`, { field: 'input.sku' });
  if (field === 'slug') throw conflict(`Another category has the slug ${value.slug}`, { field: 'input.slug' });
  throw error;
}

async function requireCategory(tx: Tx, categoryId: string): Promise<void> {
  const found = await tx.category.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!found) throw notFound(`No category ${categoryId}`);
}

function productChanged(product: Product, previousStatus: string | null, actor: AuditActor) {
  const payload: ProductChangedPayload = {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    categoryId: product.categoryId,
    status: product.status,
    previousStatus,
    version: product.version,
    actor,
  };
  return { type: CatalogEventType.ProductChanged, aggregateType: PRODUCT_AGGREGATE, aggregateId: product.id, payload };
}

function categoryChanged(category: Category, actor: AuditActor) {
  const payload: CategoryChangedPayload = {
    categoryId: category.id,
    slug: category.slug,
    name: category.name,
    version: category.version,
    actor,
  };
  return {
    type: CatalogEventType.CategoryChanged,
    aggregateType: CATEGORY_AGGREGATE,
    aggregateId: category.id,
    payload,
  };
}

export async function createCategory(db: CatalogDatabase, input: NewCategory, actor: AuditActor): Promise<Category> {
  try {
    return await db.$transaction(async (tx) => {
      const category = await tx.category.create({ data: { id: newId(), ...input } });
      await appendToOutbox(tx, categoryChanged(category, actor));
      return category;
    });
  } catch (error) {
    rethrowDuplicate(error, input);
  }
}

export async function updateCategory(
  db: CatalogDatabase,
  id: string,
  changes: CategoryChanges,
  expectedVersion: number,
  actor: AuditActor,
): Promise<Category> {
  try {
    return await db.$transaction(async (tx) => {
      // The version check and the write are one statement: two editors of one version cannot both win.
      const updated = await tx.category.updateMany({
        where: { id, version: expectedVersion },
        data: { ...changes, version: { increment: 1 } },
      });
      if (updated.count === 0) {
        const current = await tx.category.findUnique({ where: { id }, select: { version: true } });
        if (!current) throw notFound(`No category ${id}`);
        throw conflict(`The category changed since version ${expectedVersion}; reload it and try again`, {
          currentVersion: current.version,
        });
      }
      const category = await tx.category.findUniqueOrThrow({ where: { id } });
      await appendToOutbox(tx, categoryChanged(category, actor));
      return category;
    });
  } catch (error) {
    rethrowDuplicate(error, changes);
  }
}

export async function createProduct(db: CatalogDatabase, input: NewProduct, actor: AuditActor): Promise<Product> {
  try {
    return await db.$transaction(async (tx) => {
      await requireCategory(tx, input.categoryId);
      const product = await tx.product.create({ data: { id: newId(), ...input } });
      await appendToOutbox(tx, productChanged(product, null, actor));
      return product;
    });
  } catch (error) {
    rethrowDuplicate(error, input);
  }
}

export async function updateProduct(
  db: CatalogDatabase,
  id: string,
  changes: ProductChanges,
  expectedVersion: number,
  actor: AuditActor,
): Promise<Product> {
  try {
    return await db.$transaction(async (tx) => {
      // Locked: the status rule reads the status it replaces, and the event's version follows the row's.
      const rows = await tx.$queryRaw<Pick<Product, 'status' | 'version'>[]>`
        SELECT status, version FROM product WHERE id = ${id} FOR UPDATE`;
      const current = rows[0];
      if (!current) throw notFound(`No product ${id}`);
      if (current.version !== expectedVersion) {
        throw conflict(`The product changed since version ${expectedVersion}; reload it and try again`, {
          currentVersion: current.version,
        });
      }
      if (changes.status !== undefined && !canMoveStatus(current.status, changes.status)) {
        throw invalidStatusChange(current.status, changes.status);
      }
      if (changes.categoryId !== undefined) await requireCategory(tx, changes.categoryId);
      const product = await tx.product.update({
        where: { id },
        data: { ...changes, version: { increment: 1 } },
      });
      await appendToOutbox(tx, productChanged(product, current.status, actor));
      return product;
    });
  } catch (error) {
    rethrowDuplicate(error, changes);
  }
}
