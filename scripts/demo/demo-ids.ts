import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// 2026-01-01T00:00:00Z: demo rows look as if created from then on, one millisecond apart.
const DEMO_EPOCH_MS = Date.UTC(2026, 0, 1);

function encodeBase32(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * A stable ULID for a demo row: the same label gives the same id on every machine and every
 * run, which is what makes seeding idempotent and lets subgraphs refer to each other's rows.
 * `sequence` orders ids in time, as real ULIDs are.
 */
export function demoId(label: string, sequence: number): string {
  const time = BigInt(DEMO_EPOCH_MS + sequence);
  const random = BigInt(`0x${createHash('sha256').update(label).digest('hex').slice(0, 20)}`);
  return encodeBase32(time, 10) + encodeBase32(random, 16);
}
