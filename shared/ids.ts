import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** Identifiers are ULIDs: unique across services, and sortable by creation time. */
export function newId(): string {
  return nextUlid();
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}
