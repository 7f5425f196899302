import { csvLine } from '../cli/output.ts';
import type { FleetCard } from './card.ts';
import { CANONICAL_COLUMNS } from './canonical.ts';

/** The canonical fleet CSV's header line. */
export function fleetHeader(): string {
  return csvLine(CANONICAL_COLUMNS);
}

/** One card as a canonical fleet CSV line (numbers as numbers, text guarded against formulas). */
export function fleetLine(c: FleetCard): string {
  const n = (v: number | null) => (v === null ? '' : v);
  return csvLine([
    c.iccid, c.msisdn, c.status, c.stopReasons.join(';'), c.plan, c.pool, c.activationDate ?? '', c.expiryDate ?? '',
    c.usedMBThisCycle, n(c.quotaMB), n(c.thresholdMB), c.autoRenew === null ? '' : String(c.autoRenew), n(c.meanDailyMB),
    c.historyMonths, c.statusRaw, c.line,
  ]);
}

export { csvLine };
