/**
 * The committed list of breaking schema changes made on purpose (schema-changes.acknowledged.yaml):
 *
 *   acknowledged:
 *     - schema: supergraph              # or a subgraph's name from supergraph.yaml
 *       path: Category.description      # the change's path, or `message:` its exact message
 *       reason: No client reads it since storefront 4.2.
 *
 * Pure: parses text and matches changes; reading the file is the caller's business.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { oneLine, type SchemaChange } from './assessment.js';

export const ACKNOWLEDGEMENTS_FILE = 'schema-changes.acknowledged.yaml';

export interface Acknowledgement {
  schema: string;
  /** Exactly one of `path` and `message` says which change is meant. */
  path?: string;
  message?: string;
  reason: string;
  /** Where the entry starts in the file (1-based), so a stale one can be found. */
  line: number;
}

/** The file cannot be used: the check cannot run (exit 2), rather than pass or fail. */
export class AcknowledgementFileError extends Error {}

const entrySchema = z
  .strictObject({
    schema: z.string().trim().min(1, 'schema: name `supergraph` or a subgraph'),
    path: z.string().trim().min(1).optional(),
    message: z.string().trim().min(1).optional(),
    reason: z.string().trim().min(1, 'reason: say why the change is safe to ship'),
  })
  .refine((entry) => (entry.path === undefined) !== (entry.message === undefined), {
    message: 'give exactly one of `path` and `message`',
  });

export function parseAcknowledgements(text: string, fileName = ACKNOWLEDGEMENTS_FILE): Acknowledgement[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    throw new AcknowledgementFileError(
      `${fileName} is not valid YAML:\n${document.errors.map((error) => `  ${error.message}`).join('\n')}`,
    );
  }
  // An empty file (or one with comments only) acknowledges nothing.
  if (document.contents === null) return [];
  const root = document.contents;
  const list = isMap(root) ? root.get('acknowledged', true) : undefined;
  const emptyList = isScalar(list) && list.value === null;
  if (!isMap(root) || root.items.length !== 1 || !(isSeq(list) || emptyList)) {
    throw new AcknowledgementFileError(`${fileName}: expected one key, \`acknowledged:\`, holding a list of entries`);
  }
  if (!isSeq(list)) return [];

  const problems: string[] = [];
  const acknowledgements: Acknowledgement[] = [];
  list.items.forEach((item, index) => {
    const line = isNode(item) && item.range ? lineCounter.linePos(item.range[0]).line : 0;
    const parsed = entrySchema.safeParse(isNode(item) ? item.toJSON() : item);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message,
      );
      problems.push(`  entry ${index + 1} (line ${line}): ${issues.join('; ')}`);
      return;
    }
    acknowledgements.push({ ...parsed.data, line });
  });
  if (problems.length > 0)
    throw new AcknowledgementFileError(`${fileName} has invalid entries:\n${problems.join('\n')}`);
  return acknowledgements;
}

export function acknowledges(acknowledgement: Acknowledgement, schema: string, change: SchemaChange): boolean {
  if (acknowledgement.schema !== schema) return false;
  return acknowledgement.path !== undefined
    ? acknowledgement.path === change.path
    : oneLine(acknowledgement.message ?? '') === oneLine(change.message);
}
