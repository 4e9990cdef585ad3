import type { Request, Response } from 'express';

/**
 * A refusal in the shape of a GraphQL response (`{ errors: [...] }`), in the JSON media type the
 * client prefers (`application/json` when it names neither).
 */
export function sendGraphQLError(
  req: Request,
  res: Response,
  status: number,
  message: string,
  extensions: Record<string, unknown>,
): void {
  const preferred = req.accepts(['application/json', 'application/graphql-response+json']);
  const type = preferred === 'application/graphql-response+json' ? preferred : 'application/json';
  res
    .status(status)
    .type(`${type}; charset=utf-8`)
    .send(`${JSON.stringify({ errors: [{ message, extensions }] })}\n`);
}
