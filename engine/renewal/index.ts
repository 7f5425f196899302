import type { Renewal } from '../config.ts';
import { auto } from './auto.ts';
import { batch } from './batch.ts';
import { manual } from './manual.ts';
import type { RenewalStrategy } from './strategy.ts';

export type { RenewalStrategy };

/** Every renewal policy by kind. Adding one: a file beside these and a line here. */
export const RENEWALS: { readonly [K in Renewal['kind']]: RenewalStrategy<Extract<Renewal, { kind: K }>> } = { auto, manual, batch };

/** The strategy of a renewal policy. */
export function strategyOf(r: Renewal): RenewalStrategy {
  return RENEWALS[r.kind] as RenewalStrategy;
}
