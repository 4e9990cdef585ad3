import { Kind, parse, print } from 'graphql';
import { generate } from 'otplib';

/**
 * The GraphQL snippets of a Markdown file, as a reader would copy them: every ```graphql
 * block, with the ```json block right after it (if any) holding its variables.
 *
 * Conventions the README follows so its snippets can be run as written:
 * - a block's operations run in order, as one client would send them; after a `signIn` or
 *   `register`, the client sends the `accessToken` it got;
 * - a first line `# as <role>` means a staff token of that role (`npm run token -- --role <role>`);
 * - in the variables, `"<rootField.path.to.value>"` stands for a value an earlier operation of
 *   the same block answered (e.g. `"<createCart.cart.id>"`), and `"<totp:path.to.otpauthUri>"`
 *   for the code an authenticator app shows for that enrolment URI now.
 */
export interface Snippet {
  /** 1-based line of the block's opening fence, for failure messages. */
  line: number;
  /** The staff role the block is sent as, from a leading `# as <role>` comment. */
  role: string | null;
  operations: { name: string; document: string; variableNames: string[] }[];
  variables: Record<string, unknown>;
}

const FENCE = /^```(\w*)\s*$/;

interface Block {
  info: string;
  line: number;
  text: string;
  /** Index of the first line after the closing fence. */
  end: number;
}

function blocks(lines: string[]): Block[] {
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j] as string)) body.push(lines[j++] as string);
    found.push({ info: open[1] ?? '', line: i + 1, text: body.join('\n'), end: j + 1 });
    i = j;
  }
  return found;
}

export function readSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const all = blocks(lines);
  return all.flatMap((block, index) => {
    if (block.info !== 'graphql') return [];
    const next = all[index + 1];
    const between = next
      ? lines
          .slice(block.end, next.line - 1)
          .join('')
          .trim()
      : '';
    const variables = next?.info === 'json' && between === '' ? (JSON.parse(next.text) as Record<string, unknown>) : {};
    const document = parse(block.text);
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => print(d));
    const operations = document.definitions.flatMap((definition, position) =>
      definition.kind === Kind.OPERATION_DEFINITION
        ? [
            {
              name: definition.name?.value ?? `#${position + 1}`,
              document: [print(definition), ...fragments].join('\n'),
              variableNames: (definition.variableDefinitions ?? []).map((variable) => variable.variable.name.value),
            },
          ]
        : [],
    );
    const role = /^#\s*as\s+([a-z_]+)\b/.exec(block.text.trimStart())?.[1] ?? null;
    return [{ line: block.line, role, operations, variables }];
  });
}

/**
 * The variables an operation declares, each `"<path>"` replaced with the value at that path of
 * earlier answers, and each `"<totp:path>"` with the current code of the otpauth URI there.
 */
export async function fillVariables(
  variables: Record<string, unknown>,
  names: readonly string[],
  answers: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const codes = new Map<string, string>();
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const placeholder = /^<(totp:)?([A-Za-z_][\w.]*)>$/.exec(value);
      if (!placeholder) return value;
      if (placeholder[1]) return codes.get(placeholder[2] as string);
      const found = (placeholder[2] as string)
        .split('.')
        .reduce<unknown>(
          (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
          answers,
        );
      if (found === undefined) throw new Error(`no earlier answer has ${value}`);
      return found;
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner)]));
    }
    return value;
  };
  const declared = names.filter((name) => name in variables);
  const uris = JSON.stringify(declared.map((name) => variables[name])).matchAll(/"<totp:([A-Za-z_][\w.]*)>"/g);
  for (const [, path] of uris) {
    const uri = fill(`<${path}>`) as string;
    const secret = new URL(uri).searchParams.get('secret');
    if (!secret) throw new Error(`${path} is not an otpauth URI with a secret`);
    codes.set(path as string, await generate({ secret }));
  }
  return Object.fromEntries(declared.map((name) => [name, fill(variables[name])]));
}
