import type { Decimal } from 'decimal.js';
import { toDecimal } from '../../../../shared/money.js';

/**
 * The European Central Bank's daily reference rates (eurofxref-daily.xml): one `Cube time=…`
 * holding one `Cube currency=… rate=…` per currency, each meaning 1 EUR = rate units.
 *
 * A small, strict reader rather than a general XML parser: it understands exactly the markup
 * that document uses (elements, attributes, text, comments, an XML declaration) and refuses
 * everything else, DOCTYPEs and entity definitions first, so a hostile or broken provider
 * cannot make it expand entities, read files or guess. Anything it does not understand is an
 * EcbDocumentError and the rates in the database stay as they were.
 */

export class EcbDocumentError extends Error {
  override name = 'EcbDocumentError';
}

export interface EcbRates {
  /** The day the rates are for, as the document writes it (YYYY-MM-DD). */
  publishedOn: string;
  /** 1 EUR = rate units of the currency, by ISO 4217 code. */
  rates: Map<string, Decimal>;
}

interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
}

/** Documents larger than this are not a daily rates file. */
export const MAX_DOCUMENT_LENGTH = 256 * 1024;

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
const ATTRIBUTE = /\s*([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*(?:"([^"<&]*)"|'([^'<&]*)')/y;
const PREDEFINED_ENTITY = /&(amp|lt|gt|quot|apos);/g;

function parseAttributes(source: string, tagName: string): Map<string, string> {
  const attributes = new Map<string, string>();
  let position = 0;
  while (position < source.length) {
    if (/^\s*$/.test(source.slice(position))) break;
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(source);
    if (!match?.[1]) throw new EcbDocumentError(`malformed attributes in <${tagName}>`);
    if (attributes.has(match[1])) throw new EcbDocumentError(`attribute ${match[1]} twice in <${tagName}>`);
    attributes.set(match[1], match[2] ?? match[3] ?? '');
    position = ATTRIBUTE.lastIndex;
  }
  return attributes;
}

/** Well-formed XML of the restricted kind described above, as a tree of elements (text is checked, then dropped). */
export function parseRestrictedXml(document: string): XmlElement {
  if (document.length > MAX_DOCUMENT_LENGTH) throw new EcbDocumentError('document too large');
  let position = document.startsWith('\ufeff') ? 1 : 0;
  const declaration = /^<\?xml\s[^?<>]*\?>/.exec(document.slice(position));
  if (declaration) position += declaration[0].length;

  const root: XmlElement = { name: '#document', attributes: new Map(), children: [] };
  const open: XmlElement[] = [root];
  while (position < document.length) {
    const next = document.indexOf('<', position);
    const text = document.slice(position, next === -1 ? undefined : next);
    // Character data: only whitespace between elements, or plain text with the predefined entities.
    if (text.replace(PREDEFINED_ENTITY, '').includes('&')) throw new EcbDocumentError('unknown entity reference');
    if (text.trim() !== '' && open.length === 1) throw new EcbDocumentError('text outside the root element');
    if (next === -1) break;
    position = next;
    if (document.startsWith('<!--', position)) {
      const end = document.indexOf('-->', position + 4);
      if (end === -1) throw new EcbDocumentError('unterminated comment');
      position = end + 3;
      continue;
    }
    if (document.startsWith('<!', position) || document.startsWith('<?', position)) {
      throw new EcbDocumentError('DOCTYPE, CDATA and processing instructions are not accepted');
    }
    const end = document.indexOf('>', position);
    if (end === -1) throw new EcbDocumentError('unterminated tag');
    const tag = document.slice(position + 1, end);
    position = end + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const current = open.pop();
      if (!current || current === root || current.name !== name) throw new EcbDocumentError(`unexpected </${name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = /^[^\s/]+/.exec(body)?.[0] ?? '';
    if (!NAME.test(name)) throw new EcbDocumentError(`malformed tag <${tag.slice(0, 40)}>`);
    const element: XmlElement = { name, attributes: parseAttributes(body.slice(name.length), name), children: [] };
    const parent = open.at(-1) as XmlElement;
    if (parent === root && root.children.length > 0) throw new EcbDocumentError('more than one root element');
    parent.children.push(element);
    if (!selfClosing) open.push(element);
  }
  if (open.length !== 1) throw new EcbDocumentError(`<${open.at(-1)?.name}> is never closed`);
  const [documentElement] = root.children;
  if (!documentElement) throw new EcbDocumentError('no root element');
  return documentElement;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURRENCY = /^[A-Z]{3}$/;
// Plain positive decimals only: no sign, exponent, hexadecimal, Infinity or NaN.
const RATE = /^\d{1,12}(\.\d{1,10})?$/;

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The rates of an ECB eurofxref-daily document; throws EcbDocumentError for anything else. */
export function parseEcbDailyRates(document: string): EcbRates {
  const envelope = parseRestrictedXml(document);
  if (localName(envelope.name) !== 'Envelope') throw new EcbDocumentError('the root element is not an Envelope');
  const outer = envelope.children.filter((child) => child.name === 'Cube');
  if (outer.length !== 1) throw new EcbDocumentError('expected exactly one outer Cube');
  const days = outer[0]?.children ?? [];
  if (days.length !== 1 || days[0]?.name !== 'Cube') throw new EcbDocumentError('expected exactly one Cube per day');
  const day = days[0];
  const publishedOn = day.attributes.get('time') ?? '';
  if (!isCalendarDate(publishedOn)) throw new EcbDocumentError('the day Cube has no valid time (YYYY-MM-DD)');

  const rates = new Map<string, Decimal>();
  for (const cube of day.children) {
    const currency = cube.attributes.get('currency') ?? '';
    const rate = cube.attributes.get('rate') ?? '';
    if (cube.name !== 'Cube' || cube.children.length > 0) throw new EcbDocumentError('unexpected element in a day');
    if (!CURRENCY.test(currency)) throw new EcbDocumentError(`invalid currency ${JSON.stringify(currency)}`);
    if (currency === 'EUR') throw new EcbDocumentError('a rate for EUR itself');
    if (rates.has(currency)) throw new EcbDocumentError(`${currency} twice`);
    if (!RATE.test(rate) || toDecimal(rate).isZero()) {
      throw new EcbDocumentError(`invalid rate ${JSON.stringify(rate)} for ${currency}`);
    }
    rates.set(currency, toDecimal(rate));
  }
  if (rates.size === 0) throw new EcbDocumentError('no rates');
  return { publishedOn, rates };
}
