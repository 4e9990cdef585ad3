import type { Decimal } from 'decimal.js';
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { isCurrencyCode } from '../../../../shared/currency.js';
import { z } from '../../../../shared/validation.js';
import { CUSTOMER_SEGMENTS, SALES_CHANNELS } from './vocabulary.js';

/**
 * A promotion's eligibility conditions: data stored as JSON on the promotion, validated when it
 * is saved and evaluated by json-rules-engine, never by an evaluator of our own.
 *
 * - A rule is a tree of `{ all: [...] }`, `{ any: [...] }` (1 to 20 conditions each),
 *   `{ not: condition }` and leaves `{ fact, operator, value }`; at most 5 levels deep (each group
 *   and each leaf is a level) and at most 50 leaves in all. Unknown keys are refused everywhere.
 * - A leaf tests one of RULE_FACTS with an operator that fits the fact's type, against a value of
 *   the right type: numbers finite; strings at most 64 characters; lists at most 100 strings.
 *   Segments, channels and currencies must be known ones, so a typo ("vip") is refused on save
 *   instead of silently never matching.
 * - Facts are the cart, the customer's segments and the instant of evaluation (UTC). A guest has
 *   no segments and is never on a first order.
 * - A promotion without a rule (null) is open to every cart; its other terms still apply.
 *
 * Pure: no I/O. The customer's segments are asked for only when a rule tests them
 * (usesCustomerFacts).
 */

export { SALES_CHANNELS };

/** The facts a rule may test, with their types. */
export const RULE_FACTS = {
  /** The customer's segments (CUSTOMER_SEGMENTS); [] for a guest. */
  segments: 'string[]',
  /** A signed-in customer with no paid order that still stands (segment NEW); false for a guest. */
  firstOrder: 'boolean',
  /** The cart subtotal in its currency: test `currency` alongside, 30 EUR is not 30 JPY. */
  subtotal: 'number',
  /** Total quantity of all lines. */
  itemCount: 'number',
  /** Products in the cart. */
  productIds: 'string[]',
  /** Categories of products in the cart. */
  categoryIds: 'string[]',
  /** The cart's ISO 4217 currency. */
  currency: 'string',
  /** The sales channel (SALES_CHANNELS). */
  channel: 'string',
  /** ISO weekday of the evaluation instant in UTC: 1 (Monday) to 7 (Sunday). */
  weekday: 'number',
  /** Hour of the evaluation instant in UTC, 0 to 23. */
  hour: 'number',
  /** The evaluation instant in epoch milliseconds, for time windows (json-rules-engine compares numbers, not dates). */
  time: 'number',
} as const;

export type RuleFact = keyof typeof RULE_FACTS;
type FactType = (typeof RULE_FACTS)[RuleFact];

/** The operators json-rules-engine offers that make sense for each fact type. */
export const OPERATORS_BY_TYPE = {
  number: ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'],
  string: ['equal', 'notEqual', 'in', 'notIn'],
  'string[]': ['contains', 'doesNotContain'],
  boolean: ['equal', 'notEqual'],
} as const satisfies Record<FactType, readonly string[]>;

export const MAX_RULE_DEPTH = 5;
export const MAX_RULE_LEAVES = 50;
export const MAX_GROUP_SIZE = 20;
export const MAX_RULE_STRING = 64;
export const MAX_RULE_LIST = 100;

export interface RuleFacts {
  segments: string[];
  firstOrder: boolean;
  subtotal: number;
  itemCount: number;
  productIds: string[];
  categoryIds: string[];
  currency: string;
  channel: string;
  weekday: number;
  hour: number;
  time: number;
}

export type RuleValue = number | string | boolean | string[];
export interface RuleLeaf {
  fact: RuleFact;
  operator: string;
  value: RuleValue;
}
export type EligibilityRule =
  | RuleLeaf
  | { all: EligibilityRule[] }
  | { any: EligibilityRule[] }
  | { not: EligibilityRule };

// --- Validation -------------------------------------------------------------------------------

const FACT_NAMES = Object.keys(RULE_FACTS) as RuleFact[];
// Facts whose values come from a closed list: a value outside it could never match.
const KNOWN_VALUES: Partial<Record<RuleFact, { describe: string; has: (value: string) => boolean }>> = {
  segments: { describe: CUSTOMER_SEGMENTS.join(', '), has: (value) => includes(CUSTOMER_SEGMENTS, value) },
  channel: { describe: SALES_CHANNELS.join(', '), has: (value) => includes(SALES_CHANNELS, value) },
  currency: { describe: 'a supported ISO 4217 currency code', has: isCurrencyCode },
};

function includes(list: readonly string[], value: string): boolean {
  return list.includes(value);
}

const ruleString = z.string().max(MAX_RULE_STRING, `must be at most ${MAX_RULE_STRING} characters`);

/** The schema of a leaf's value, by the fact's type and the operator (in/notIn take a list). */
function valueSchema(type: FactType, operator: string): z.ZodType<RuleValue> {
  if (type === 'number') return z.number('must be a finite number');
  if (type === 'boolean') return z.boolean('must be true or false');
  if (type === 'string' && (operator === 'in' || operator === 'notIn')) {
    return z
      .array(ruleString, `must be a list of strings for operator ${operator}`)
      .max(MAX_RULE_LIST, `must hold at most ${MAX_RULE_LIST} values`);
  }
  return z.string('must be a string').max(MAX_RULE_STRING, `must be at most ${MAX_RULE_STRING} characters`);
}

/** An object with exactly the given keys; any other key is refused, naming what is allowed. */
function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `may only have the keys ${keys}; refused: ${issue.keys.join(', ')}`
        : undefined,
  });
}

const leaf = strict({
  fact: z.enum(FACT_NAMES, `must be one of ${FACT_NAMES.join(', ')}`),
  operator: z.string('must be a string').max(MAX_RULE_STRING),
  value: z.unknown(),
}).transform((condition, context): RuleLeaf => {
  const type = RULE_FACTS[condition.fact];
  const operators: readonly string[] = OPERATORS_BY_TYPE[type];
  if (!operators.includes(condition.operator)) {
    context.addIssue({
      code: 'custom',
      path: ['operator'],
      message: `must be one of ${operators.join(', ')} for fact ${condition.fact}`,
    });
    return z.NEVER;
  }
  const parsed = valueSchema(type, condition.operator).safeParse(condition.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      context.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
    }
    return z.NEVER;
  }
  const known = KNOWN_VALUES[condition.fact];
  const unknown = known && [parsed.data].flat().find((value) => typeof value === 'string' && !known.has(value));
  if (known && unknown !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['value'],
      message: `"${unknown}" is not a ${condition.fact} value: must be ${known.describe}`,
    });
    return z.NEVER;
  }
  return { fact: condition.fact, operator: condition.operator, value: parsed.data };
});

const SHAPES = 'must be { all: [...] }, { any: [...] }, { not: condition } or { fact, operator, value }';

/**
 * The schema of a condition with `levels` levels left. Built per level rather than recursively,
 * so a tree nested deeper than allowed is refused where it passes the limit, without descending
 * into whatever lies below.
 */
function conditionAt(levels: number): z.ZodType<EligibilityRule> {
  if (levels === 1) {
    return z.unknown().transform((value, context) => {
      if (isGroup(value)) {
        context.addIssue({
          code: 'custom',
          message: `must be a { fact, operator, value } condition: rules nest at most ${MAX_RULE_DEPTH} levels deep`,
        });
        return z.NEVER;
      }
      return parseAs(leaf, value, context);
    });
  }
  const inner = conditionAt(levels - 1);
  const group = z
    .array(inner, 'must be a list of conditions')
    .min(1, 'must hold at least one condition')
    .max(MAX_GROUP_SIZE, `must hold at most ${MAX_GROUP_SIZE} conditions`);
  const all = strict({ all: group });
  const any = strict({ any: group });
  const not = strict({ not: inner });
  return z.unknown().transform((value, context): EligibilityRule => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      context.addIssue({ code: 'custom', message: SHAPES });
      return z.NEVER;
    }
    if ('all' in value) return parseAs(all, value, context);
    if ('any' in value) return parseAs(any, value, context);
    if ('not' in value) return parseAs(not, value, context);
    if ('fact' in value) return parseAs(leaf, value, context);
    context.addIssue({ code: 'custom', message: SHAPES });
    return z.NEVER;
  });
}

function isGroup(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('all' in value || 'any' in value || 'not' in value);
}

/** Parses with the schema the node's shape calls for, its issues reported at the node's path. */
function parseAs<T>(schema: z.ZodType<T>, value: unknown, context: z.RefinementCtx): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
  return z.NEVER;
}

/** Leaves of the tree: each one is a fact looked up and compared on every evaluation. */
function leafCount(rule: EligibilityRule): number {
  if ('all' in rule) return rule.all.reduce((sum, child) => sum + leafCount(child), 0);
  if ('any' in rule) return rule.any.reduce((sum, child) => sum + leafCount(child), 0);
  if ('not' in rule) return leafCount(rule.not);
  return 1;
}

/** A promotion's eligibility rule as saved: validated, and output as the same plain JSON tree. */
export const eligibilityRule = conditionAt(MAX_RULE_DEPTH).superRefine((rule, context) => {
  const leaves = leafCount(rule);
  if (leaves > MAX_RULE_LEAVES) {
    context.addIssue({
      code: 'custom',
      message: `must have at most ${MAX_RULE_LEAVES} conditions in all, has ${leaves}`,
    });
  }
});

// --- Facts --------------------------------------------------------------------------------------

export interface EligibilityInput {
  /** The customer's segments; null for a guest. */
  segments: readonly string[] | null;
  subtotal: Decimal;
  currency: string;
  channel: string;
  at: Date;
  lines: readonly { productId: string; categoryId: string | null; quantity: number }[];
}

/** The facts of one cart at one instant, as the rules engine sees them. */
export function factsFor(input: EligibilityInput): RuleFacts {
  const segments = [...(input.segments ?? [])];
  return {
    segments,
    // The customer subgraph marks a customer NEW until a paid order stands; a guest is not known
    // to be on a first order, so first-order offers need signing in.
    firstOrder: segments.includes('NEW'),
    // A JS number, which json-rules-engine's comparisons work on: rounding to the nearest double
    // keeps the order of any two amounts below 10^11 with 4 decimals, so thresholds judge alike.
    subtotal: input.subtotal.toNumber(),
    itemCount: input.lines.reduce((sum, line) => sum + line.quantity, 0),
    productIds: [...new Set(input.lines.map((line) => line.productId))],
    categoryIds: [...new Set(input.lines.flatMap((line) => (line.categoryId === null ? [] : [line.categoryId])))],
    currency: input.currency,
    channel: input.channel,
    // getUTCDay counts Sunday as 0; ISO weekdays count it as 7.
    weekday: input.at.getUTCDay() || 7,
    hour: input.at.getUTCHours(),
    time: input.at.getTime(),
  };
}

const CUSTOMER_FACTS: ReadonlySet<RuleFact> = new Set(['segments', 'firstOrder']);

/** Whether the rule tests the customer, so the customer service is asked only when it does. */
export function usesCustomerFacts(rule: EligibilityRule | null): boolean {
  if (rule === null) return false;
  if ('all' in rule) return rule.all.some(usesCustomerFacts);
  if ('any' in rule) return rule.any.some(usesCustomerFacts);
  if ('not' in rule) return usesCustomerFacts(rule.not);
  return CUSTOMER_FACTS.has(rule.fact);
}

// --- Evaluation ---------------------------------------------------------------------------------

const MET = 'eligible';

/** The engine's root must be a group: a lone leaf is the group of one. */
function topLevel(rule: EligibilityRule): TopLevelCondition {
  return 'fact' in rule ? { all: [rule] } : rule;
}

/**
 * A validated rule, ready to evaluate: one json-rules-engine Engine, built once and reused.
 * Every fact is passed at run time and an undefined fact is an error, not a silent "no".
 */
export class CompiledRule {
  private readonly engine: Engine;
  // The engine keeps one running/finished status for all its runs: a run that finishes while
  // another is starting makes the other skip the rule and report neither outcome. Runs of one
  // rule therefore go one at a time; each is a few comparisons on facts already in hand.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(rule: EligibilityRule) {
    this.engine = new Engine([], { allowUndefinedFacts: false });
    this.engine.addRule({ conditions: topLevel(rule), event: { type: MET } });
  }

  met(facts: RuleFacts): Promise<boolean> {
    const run = this.queue.then(() => this.evaluate(facts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async evaluate(facts: RuleFacts): Promise<boolean> {
    const { events, failureEvents } = await this.engine.run({ ...facts });
    if (events.length === 1) return true;
    if (failureEvents.length === 1) return false;
    // Neither outcome means the rule was skipped: refuse to guess rather than deny the discount.
    throw new Error('eligibility rule was not evaluated');
  }
}

export function compileRule(rule: EligibilityRule): CompiledRule {
  return new CompiledRule(rule);
}

export interface RuleCache {
  /** Whether the facts meet the promotion's rule; a promotion without a rule is open to all. */
  met(promotionId: string, version: number, rule: EligibilityRule | null, facts: RuleFacts): Promise<boolean>;
}

/**
 * Compiled rules by promotion and version, the `max` most recently used kept. A promotion's rule
 * never changes within a version (an edit makes a new version), so an entry is never stale and
 * the cache needs no invalidation: old versions just age out.
 */
export function ruleCache(max = 1000, compile: (rule: EligibilityRule) => CompiledRule = compileRule): RuleCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const compiled = new Map<string, CompiledRule>();
  const lookup = (key: string, rule: EligibilityRule): CompiledRule => {
    const hit = compiled.get(key);
    if (hit) {
      compiled.delete(key);
      compiled.set(key, hit);
      return hit;
    }
    const fresh = compile(rule);
    compiled.set(key, fresh);
    for (const oldest of compiled.keys()) {
      if (compiled.size <= max) break;
      compiled.delete(oldest);
    }
    return fresh;
  };
  return {
    async met(promotionId, version, rule, facts) {
      if (rule === null) return true;
      return lookup(`${promotionId}\u0000${version}`, rule).met(facts);
    },
  };
}
