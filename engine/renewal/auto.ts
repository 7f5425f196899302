import { NEVER } from '../fleet.ts';
import type { RenewalStrategy } from './strategy.ts';

/** Automatic renewal: the platform renews every term the day it ends. */
export const auto: RenewalStrategy<{ kind: 'auto' }> = {
  renewalDay: () => NEVER,
  atExpiry: true,
  markBatchDays: () => {},
  inBatch: () => false,
};
