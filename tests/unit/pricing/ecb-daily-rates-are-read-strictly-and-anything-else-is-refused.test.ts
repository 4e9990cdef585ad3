import { describe, expect, it } from 'vitest';
import { EcbDocumentError, parseEcbDailyRates } from '../../../subgraphs/pricing/src/domain/ecb-rates.js';
import { ECB_DOCUMENT } from './ecb-document.js';

const withDay = (cubes: string, time = '2026-11-26') =>
  ECB_DOCUMENT.replace(
    /<Cube time='[^']*'>[\s\S]*?<\/Cube>\n\t<\/Cube>/,
    `<Cube time='${time}'>${cubes}</Cube>\n\t</Cube>`,
  );

describe('ECB daily reference rates', () => {
  it('reads the day and every rate exactly, as decimals', () => {
    const { publishedOn, rates } = parseEcbDailyRates(ECB_DOCUMENT);
    expect(publishedOn).toBe('2026-11-26');
    expect(Object.fromEntries([...rates].map(([currency, rate]) => [currency, rate.toFixed()]))).toEqual({
      USD: '1.0823',
      JPY: '162.45',
      GBP: '0.83215',
      CHF: '0.9412',
      ISK: '150.1',
    });
  });

  it('accepts comments, double quotes and a byte order mark', () => {
    const variant = `\ufeff${ECB_DOCUMENT.replace("<Cube currency='USD' rate='1.0823'/>", '<!-- dollar --><Cube currency="USD" rate="1.0823" />')}`;
    expect(parseEcbDailyRates(variant).rates.get('USD')?.toFixed()).toBe('1.0823');
  });

  it.each([
    ['an empty document', ''],
    ['HTML from a proxy', '<html><body>Service unavailable</body></html>'],
    ['JSON', '{"rates":{"USD":1.08}}'],
    ['a truncated document', ECB_DOCUMENT.slice(0, ECB_DOCUMENT.length / 2)],
    [
      'a DOCTYPE with an entity (XXE)',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${ECB_DOCUMENT.replace(/^<\?xml[^>]*>/, '')}`,
    ],
    ['an entity reference', ECB_DOCUMENT.replace('Reference rates', '&e;')],
    ['CDATA', ECB_DOCUMENT.replace('Reference rates', '<![CDATA[x]]>')],
    ['mismatched closing tags', ECB_DOCUMENT.replace('</gesmes:Sender>', '</gesmes:Sendr>')],
    ['two root elements', `${ECB_DOCUMENT}<x/>`],
    ['a negative rate', withDay("<Cube currency='USD' rate='-1.08'/>")],
    ['a zero rate', withDay("<Cube currency='USD' rate='0.0000'/>")],
    ['a rate in exponent notation', withDay("<Cube currency='USD' rate='1e3'/>")],
    ['a rate that is not a number', withDay("<Cube currency='USD' rate='NaN'/>")],
    ['a lower-case currency', withDay("<Cube currency='usd' rate='1.08'/>")],
    ['a currency twice', withDay("<Cube currency='USD' rate='1.08'/><Cube currency='USD' rate='1.09'/>")],
    ['a rate for EUR itself', withDay("<Cube currency='EUR' rate='1'/>")],
    ['no rates at all', withDay('')],
    ['an impossible day', withDay("<Cube currency='USD' rate='1.08'/>", '2026-02-30')],
    ['a day without a time', ECB_DOCUMENT.replace("time='2026-11-26'", '')],
    ['a repeated attribute', withDay("<Cube currency='USD' currency='GBP' rate='1.08'/>")],
    ['a document far too large', ECB_DOCUMENT.replace('Reference rates', 'x'.repeat(300_000))],
  ])('refuses %s', (_what, document) => {
    expect(() => parseEcbDailyRates(document)).toThrow(EcbDocumentError);
  });
});
