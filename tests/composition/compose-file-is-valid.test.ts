import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBGRAPH_NAMES } from '../../shared/services.js';
import { checkComposeFile } from '../support/compose-file.js';

const SECRETS = {
  POSTGRES_PASSWORD: 'from-the-env-file',
  JWT_SECRET: 'from-the-env-file-too',
  PAYMENT_WEBHOOK_SECRET: 'the-payment-providers-signing-secret',
  ORDER_LINK_SECRET: 'signs-guest-order-links-and-claims',
  STAFF_TOTP_KEY: 'seals-staff-totp-secrets-at-rest',
  PRICE_CACHE_SECRET: 'shared-by-every-pricing-replica',
  GRAFANA_ADMIN_PASSWORD: 'grafanas-admin-account',
};

describe('compose.yaml', () => {
  it('is a valid Compose file once its secrets are provided', () => {
    expect(checkComposeFile('compose.yaml', SECRETS)).toEqual([]);
  });

  it.each(Object.keys(SECRETS))('refuses to start without %s, naming it', (name) => {
    const { [name as keyof typeof SECRETS]: _left, ...env } = SECRETS;
    const errors = checkComposeFile('compose.yaml', env);
    expect(errors).not.toEqual([]);
    expect(errors.join('\n')).toContain(`set ${name} in .env`);
  });

  it('runs every subgraph, the gateway, the workers, PostgreSQL, Redis, the migrations, Prometheus and Grafana', () => {
    const services = Object.keys((parse(readFileSync('compose.yaml', 'utf8')) as { services: object }).services);
    expect(services.sort()).toEqual(
      [...SUBGRAPH_NAMES, 'gateway', 'workers', 'migrate', 'postgres', 'redis', 'prometheus', 'grafana'].sort(),
    );
  });
});
