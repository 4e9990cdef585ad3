import { actorOf } from '../../../../shared/auth/audit-actor.js';
import { unauthenticated } from '../../../../shared/auth/rules.js';
import { parseInput } from '../../../../shared/validation.js';
import type { Context } from '../context.js';
import { createCategory, createProduct, updateCategory, updateProduct } from '../data/catalog-changes.js';
import {
  createCategoryInput,
  createProductInput,
  updateCategoryInput,
  updateProductInput,
} from '../domain/catalog-changes.js';
import type { MutationResolvers } from '../generated/graphql.js';

const staffActor = (context: Context) => {
  // Shield already refused anonymous callers; this keeps the actor honest if that ever changes.
  if (context.identity.subject === null) throw unauthenticated();
  return actorOf(context.identity);
};

// Who may call these is decided in permissions.ts (graphql-shield), before any resolver runs.
export const catalogMutations: MutationResolvers<Context> = {
  createCategory: async (_parent, { input }, context) =>
    createCategory(context.db, parseInput(createCategoryInput, input, 'input'), staffActor(context)),
  updateCategory: async (_parent, { id, input, expectedVersion }, context) =>
    updateCategory(
      context.db,
      id,
      parseInput(updateCategoryInput, input, 'input'),
      expectedVersion,
      staffActor(context),
    ),
  createProduct: async (_parent, { input }, context) =>
    createProduct(context.db, parseInput(createProductInput, input, 'input'), staffActor(context)),
  updateProduct: async (_parent, { id, input, expectedVersion }, context) =>
    updateProduct(context.db, id, parseInput(updateProductInput, input, 'input'), expectedVersion, staffActor(context)),
};
