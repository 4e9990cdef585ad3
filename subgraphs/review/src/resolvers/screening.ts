import { SCREENING_REASONS, type ScreeningReason } from '../domain/screening.js';

export const isScreeningReason = (value: string): value is ScreeningReason =>
  (SCREENING_REASONS as readonly string[]).includes(value);
