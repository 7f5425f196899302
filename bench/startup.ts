/**
 * Start-up: `node -e 0`, `simlapse --help` and `simlapse validate` on an example, through the
 * bin (cli/bin.mjs, which runs the prebuilt CLI: built first), interleaved so that a loaded
 * machine slows each alike. Median wall time and mean CPU (user + system) time of the runs, and each
 * command's ratio to `node -e 0`. Asserts nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface StartupRow {
  command: string;
  /** Median wall time, milliseconds. */
  wallMs: number;
  /** Mean CPU time (user + system of the child), milliseconds. */
  cpuMs: number;
  /** wallMs over `node -e 0`'s. */
  wallRatio: number;
  /** cpuMs over `node -e 0`'s. */
  cpuRatio: number;
}

const COMMANDS: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['simlapse --help', ['cli/bin.mjs', '--help']],
  ['simlapse validate scenarios/examples/auto-stop.yaml', ['cli/bin.mjs', 'validate', 'scenarios/examples/auto-stop.yaml']],
];

export function startup(runs: number): StartupRow[] {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'cli/build.ts'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr}`);
  console.log(`Start-up (${runs} interleaved runs each, the prebuilt CLI through cli/bin.mjs):`);
  const wall: number[][] = COMMANDS.map(() => []), cpu: number[][] = COMMANDS.map(() => []);
  for (let r = 0; r < runs + 1; r++) {
    COMMANDS.forEach(([name, args], i) => {
      const before = childrenCpuMs();
      const t = performance.now();
      const p = spawnSync(process.execPath, args, { encoding: 'utf8' });
      const ms = performance.now() - t;
      if (p.status !== 0 || p.stderr.includes('no up-to-date build')) throw new Error(`${name}: ${p.stderr}`);
      if (r === 0) return; // warm-up: the file cache
      wall[i].push(ms);
      cpu[i].push(childrenCpuMs() - before);
    });
  }
  // CPU: the mean, as the clock ticks (10 ms) are too coarse for a median of ~100 ms.
  const rows = COMMANDS.map(([command], i) => ({ command, wallMs: median(wall[i]), cpuMs: mean(cpu[i]), wallRatio: 0, cpuRatio: 0 }));
  for (const row of rows) {
    row.wallRatio = row.wallMs / rows[0].wallMs;
    row.cpuRatio = row.cpuMs / rows[0].cpuMs;
    console.log(`  ${row.command.padEnd(52)} ${row.wallMs.toFixed(0).padStart(5)} ms wall (${row.wallRatio.toFixed(2)}×)  ${row.cpuMs.toFixed(0).padStart(5)} ms CPU (${row.cpuRatio.toFixed(2)}×)`);
  }
  console.log('');
  return rows;
}

/**
 * CPU time (user + system) of the children waited for so far, in milliseconds, from
 * /proc/self/stat (cutime, cstime; clock ticks of 10 ms); NaN where there is none.
 */
function childrenCpuMs(): number {
  try {
    const text = readFileSync('/proc/self/stat', 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
