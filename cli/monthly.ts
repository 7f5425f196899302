import { SERIES, type Report } from '../engine/index.ts';
import { csvLine } from '../csv/index.ts';

/** monthly.csv: one row per arm × month, columns arm, month, then every SERIES name. */
export function monthlyCsv(report: Report): string {
  let text = csvLine(['arm', 'month', ...SERIES]);
  for (const arm of report.arms) {
    for (let m = 0; m < report.months.length; m++) {
      text += csvLine([arm.name, report.months[m], ...SERIES.map((s) => arm.series[s][m])]);
    }
  }
  return text;
}
