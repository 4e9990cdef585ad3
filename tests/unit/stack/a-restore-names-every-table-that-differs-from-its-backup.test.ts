import { describe, expect, it } from 'vitest';
import { fingerprintDifferences, MANIFEST_FORMAT, parseManifest } from '../../../scripts/db/backup-manifest.js';
import { libpqConnection } from '../../../scripts/db/postgres-tools.js';

const sum = (digit: string) => `sha256:${digit.repeat(64)}`;

describe('comparing a restored schema with its backup', () => {
  const recorded = {
    order: { rows: 3, checksum: sum('a') },
    order_line: { rows: 5, checksum: sum('b') },
    outbox_event: { rows: 2, checksum: sum('c') },
  };

  it('finds nothing when every table has its rows and its checksum', () => {
    expect(fingerprintDifferences('order', recorded, structuredClone(recorded))).toEqual([]);
  });

  it('names a lost row, a changed row, a missing table and an extra table', () => {
    const restored = {
      order: { rows: 2, checksum: sum('d') },
      order_line: { rows: 5, checksum: sum('e') },
      refund: { rows: 0, checksum: sum('f') },
    };
    expect(fingerprintDifferences('order', recorded, restored)).toEqual([
      'order.order: 2 rows restored, 3 backed up',
      `order.order_line: content differs (checksum ${sum('e')}, backed up ${sum('b')})`,
      'order.outbox_event: table missing after the restore',
      "order.refund: table not in the backup's manifest",
    ]);
  });
});

describe('reading a manifest', () => {
  const manifest = {
    format: MANIFEST_FORMAT,
    startedAt: '2026-12-07T06:00:00.000Z',
    finishedAt: '2026-12-07T06:00:02.000Z',
    pgDumpVersion: 'pg_dump (PostgreSQL) 15.18',
    checksumMethod: 'sha256 over md5(row::text)',
    subgraphs: {
      review: {
        schema: 'review',
        archive: 'review.dump',
        database: 'shop_review',
        serverVersion: '15.18',
        snapshotAt: '2026-12-07T06:00:01.000Z',
        sameSnapshotAs: [],
        tables: { review: { rows: 1, checksum: sum('a') } },
      },
    },
  };

  it('accepts what the backup writes', () => {
    expect(parseManifest(JSON.stringify(manifest)).subgraphs.review?.tables.review?.rows).toBe(1);
  });

  it('refuses an archive path that leaves the backup folder, naming the field', () => {
    const bad = structuredClone(manifest);
    bad.subgraphs.review.archive = '../../etc/passwd';
    expect(() => parseManifest(JSON.stringify(bad))).toThrow(/subgraphs\.review\.archive/);
  });

  it('refuses another format and a file that is not JSON', () => {
    expect(() => parseManifest(JSON.stringify({ ...manifest, format: 'other/1' }))).toThrow(/format/);
    expect(() => parseManifest('{')).toThrow(/not JSON/);
  });
});

describe('connecting pg_dump and pg_restore', () => {
  it('keeps the password out of the command line and drops parameters libpq does not know', () => {
    // Built from parts: a URL with a password written out would be a committed credential.
    const url = new URL('postgresql://shop@db.internal:5433/shop?sslmode=require&schema=x');
    url.password = 's@cret';
    const { dbname, env } = libpqConnection(url.toString());
    expect(dbname).toBe('postgresql://shop@db.internal:5433/shop?sslmode=require');
    expect(env).toEqual({ PGPASSWORD: 's@cret' });
  });
});
