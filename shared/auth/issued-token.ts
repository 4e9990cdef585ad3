/**
 * `register` and `signIn` answer with a new access token, and a client selecting more than the
 * token (`signIn { customer { cart orders } }`) means those fields to resolve as the customer
 * who just signed in: the request itself carried no token, or another one. The customer
 * subgraph therefore names the token it issued in this response header; the gateway takes it
 * from the customer subgraph's mutation responses only, verifies it like any other, and sends
 * it on the fetches that follow in the same operation, where each subgraph verifies it again.
 * The gateway never passes a subgraph's response headers on to its client.
 */
export const ISSUED_TOKEN_HEADER = 'x-issued-access-token';
