/** The import's summary as the CLI prints it (and the page shows it), from an ImportSummary. Pure. */
import { NOTES, type ImportSummary } from './core.ts';
import { cutShort, lengthSaid } from './quote.ts';

/** Ignored columns named, and usage-like ones warned of, at most (then a count). */
const LISTED = 20, WARNED = 5;
/** A header as the summary shows it, inside its quotes: an export's header cell may be anything (a whole file without a line end). */
const shown = (header: string) => `${cutShort(header)}${lengthSaid(header)}`;

export function formatSummary(file: string, start: string, startDefaulted: boolean, s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en');
  const lines: string[] = [];
  const form = s.format === 'xlsx' ? 'xlsx (first sheet)' : `${s.encoding}${s.bom ? ' with BOM' : ''}${s.delimiter === ',' ? '' : s.delimiter === ';' ? ', separated by ";"' : ', separated by tabs'}`;
  lines.push(`${file}: ${form}, start ${start}${startDefaulted ? ' (today; set --start to the export\'s date)' : ''}`);
  const cols = Object.entries(s.headers.fields).map(([f, c]) => `${f} ← "${shown(c!.header)}"${c!.unit !== 'MB' && /MB/.test(f) ? ` (${c!.unit})` : ''}`);
  lines.push(`columns: ${cols.join(', ')}`);
  if (s.headers.history.length > 0) lines.push(`usage history: ${s.headers.history.map((h) => `${h.month} ← "${shown(h.column.header)}"`).join(', ')}`);
  const fh = s.headers.cycleFromHistory;
  if (fh?.use === 'taken') lines.push(`usage this cycle: no column of its own; read from the ${fh.month} history column "${shown(fh.header)}" (the cycle starts on the 1st: the month to date is the cycle to date)`);
  if (fh?.use === 'notCycle') lines.push(`warning: usage this cycle: no column of its own, and the ${fh.month} history column "${shown(fh.header)}" counts the calendar month, not the cycle (--cycle-anchor is not 1): every card starts its cycle at 0 MB; name a cycle-to-date column in --map: columns: {usedMBThisCycle: …}`);
  const ignored = s.headers.ignored;
  if (ignored.length > 0) lines.push(`ignored columns: ${ignored.slice(0, LISTED).map((i) => `"${shown(i.header)}"`).join(', ')}${ignored.length > LISTED ? ` … and ${n(ignored.length - LISTED)} more` : ''}`);
  const usageLike = ignored.filter((c) => c.usageLike);
  for (const i of usageLike.slice(0, WARNED)) {
    lines.push(`warning: column "${shown(i.header)}" looks like data usage but is not read (usage this cycle is from ${s.headers.fields.usedMBThisCycle ? `"${shown(s.headers.fields.usedMBThisCycle.header)}"` : 'no column: 0 for every card'}); if it is the cycle's usage, name it in --map: columns: {usedMBThisCycle: "${shown(i.header)}"}`);
  }
  if (usageLike.length > WARNED) lines.push(`warning: … and ${n(usageLike.length - WARNED)} more columns that look like data usage and are not read`);
  const by = Object.entries(s.rejectedBy).filter(([, v]) => v > 0).map(([k, v]) => `${KIND[k]} ${n(v)}`);
  lines.push(`read ${n(s.read)} = imported ${n(s.imported)} + rejected ${n(s.rejected)}${by.length ? ` (${by.join(', ')})` : ''}`);
  const reasons = Object.entries(s.reasons).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${n(v)}`);
  lines.push(`imported: online ${n(s.status.online)}, stopped ${n(s.status.stopped)}${reasons.length ? ` (${reasons.join(', ')})` : ''}, cancelled ${n(s.status.cancelled)}${s.status.test + s.status.silent > 0 ? `, before service ${n(s.status.test + s.status.silent)} (test ${n(s.status.test)}, silent ${n(s.status.silent)})` : ''}; repaired ${n(s.repaired)}`);
  if (s.rejected > 0) {
    lines.push(`rejected rows (all in ${s.files.rejected}):`);
    for (const r of s.firstRejected) lines.push(`  line ${r.line}: ${r.message}`);
    if (s.rejected > s.firstRejected.length) lines.push(`  … and ${n(s.rejected - s.firstRejected.length)} more`);
  }
  if (s.repaired > 0) {
    lines.push(`repaired rows (all in ${s.files.repaired}):`);
    for (const r of s.firstRepaired) lines.push(`  line ${r.line}: ${r.message}`);
    if (s.firstRepaired.length >= NOTES) lines.push('  … and more');
  }
  if (s.luhnFailures > 0 && s.luhnFailures * 2 > s.read) lines.push(`most 20-digit ICCIDs fail the Luhn check: if this platform's ICCIDs carry no check digit, import with --no-luhn`);
  const fit = s.profiles.find((p) => p.plan === '*');
  if (s.imported === 0) {
    // No card imported: no profiles written, nothing fitted to tell.
  } else if (fit && fit.fitted === 0) {
    const why = !s.headers.fields.usedMBThisCycle && s.headers.history.length === 0 ? 'the export has no usage column' : 'no card has usage to fit';
    lines.push(`calibration (${fit.method}): no card fitted (${why}): the scenario's profile draws each card's level; ${s.files.profiles} says so`);
  } else if (fit) lines.push(`calibration (${fit.method}): ${n(fit.fitted)} cards fitted, median ${fit.median ?? '-'} MB/day, spread ${fit.spread ?? '-'}${fit.noiseSpread !== null ? `, noise spread ${fit.noiseSpread}` : ''}; per plan in ${s.files.profiles}`);
  if (s.cycleAnchorDay !== 1) lines.push(`billing cycle from day ${s.cycleAnchorDay} of the month (--cycle-anchor): give the scenario rules: {cycleAnchorDay: ${s.cycleAnchorDay}}, or its cards start new cycles on the 1st`);
  if (s.imported === 0) lines.push(`wrote ${s.files.rejected} only (no card imported: ${s.files.fleet}, ${s.files.repaired} and ${s.files.profiles} not written)`);
  else lines.push(`wrote ${s.files.fleet}, ${s.files.rejected}, ${s.files.repaired}, ${s.files.profiles}`);
  return lines.join('\n') + '\n';
}

const KIND: Record<string, string> = { invalid: 'invalid', notInService: 'not in service', duplicate: 'duplicate' };
