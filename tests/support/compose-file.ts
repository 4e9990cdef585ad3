import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';

/**
 * Checks a Compose file the way `docker compose config` would, without Docker installed:
 * variables are interpolated from `env` (so a missing required secret fails with its own
 * message), then the result is validated against the Compose Specification's JSON schema.
 * The schema is the copy the `dclint` package ships, so nothing is downloaded.
 */
export function checkComposeFile(path: string, env: Record<string, string | undefined>): string[] {
  // Merge keys (`<<: *service`) are YAML 1.1; Compose resolves them before anything else.
  const document: unknown = parse(readFileSync(path, 'utf8'), { merge: true });
  const errors: string[] = [];
  const interpolated = interpolateTree(document, env, errors);
  if (errors.length > 0) return errors;
  const validate = composeSchemaValidator();
  if (validate(interpolated)) return [];
  return (validate.errors ?? []).map(describeSchemaError);
}

/**
 * Compose's variable syntax: `$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}`,
 * `${VAR:?message}` / `${VAR?message}`, `${VAR:+other}` / `${VAR+other}`, and `$$` for a
 * literal dollar. The colon forms treat an empty value like an unset one.
 */
export function interpolate(value: string, env: Record<string, string | undefined>, errors: string[]): string {
  return value.replace(/\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (match, dollar, braced, bare) => {
    if (dollar) return '$';
    if (bare) return env[bare] ?? '';
    const expression = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?$/s.exec(braced);
    if (!expression) {
      errors.push(`invalid interpolation format for "${match}"`);
      return '';
    }
    const [, name = '', colon, operator, argument = ''] = expression;
    const current = env[name];
    const isSet = colon ? current !== undefined && current !== '' : current !== undefined;
    switch (operator) {
      case '-':
        return isSet ? (current as string) : argument;
      case '?':
        if (!isSet) errors.push(`required variable ${name} is missing a value: ${argument}`);
        return current ?? '';
      case '+':
        return isSet ? argument : '';
      default:
        return current ?? '';
    }
  });
}

function interpolateTree(node: unknown, env: Record<string, string | undefined>, errors: string[]): unknown {
  if (typeof node === 'string') return interpolate(node, env, errors);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env, errors));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, errors)]));
  }
  return node;
}

let validator: ReturnType<Ajv['compile']> | undefined;

function composeSchemaValidator(): ReturnType<Ajv['compile']> {
  if (validator) return validator;
  // The schema is not among dclint's exports; its folder is found beside its package.json.
  const packageJson = createRequire(import.meta.url).resolve('dclint/package.json');
  const schema = JSON.parse(readFileSync(join(dirname(packageJson), 'schemas', 'compose.schema.json'), 'utf8'));
  // Its `$schema` names draft-07 by an https URL Ajv does not know, and it uses annotations
  // (`deprecated`) and formats (`duration`) Ajv would reject in strict mode.
  delete schema.$schema;
  validator = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  return validator;
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath || '(top level)';
  const detail = error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : '';
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}
