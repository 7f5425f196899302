/** Fleet CSVs for the scenario tests (test/scenarios/fleet*.test.ts): a card in service, rows over it, a reader that serves them. */
import { fleetHeader, fleetLine, type FleetCard } from '../../scenarios/index.ts';

/** A card online on plan P1, activated 2025-03-01, no term: rows override what they test. */
export const base: FleetCard = {
  iccid: '8986000000000000000', msisdn: '', status: 'online', stopReasons: [], plan: 'P1', pool: '', activationDate: '2025-03-01', expiryDate: null,
  usedMBThisCycle: 0, quotaMB: null, thresholdMB: null, autoRenew: null, meanDailyMB: null, historyMonths: 0, statusRaw: '正常', line: 2,
};

/** A fleet CSV of `cards` (each `base` with its changes), ICCIDs …1000, …1001, … on lines 2, 3, … */
export const fleetCsv = (...cards: Partial<FleetCard>[]) => fleetHeader() + cards.map((c, i) => fleetLine({ ...base, iccid: `898600000000000${String(1000 + i)}`, line: i + 2, ...c })).join('');

/** A scenario's file reader that serves `csv` as fleet.csv and nothing else. */
export const files = (csv: string) => (path: string) => {
  if (path !== 'fleet.csv') throw new Error(`ENOENT: ${path}`);
  return csv;
};
