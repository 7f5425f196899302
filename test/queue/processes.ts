import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { PREFIX, QUEUE } from '../../node/queue/keys.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../cli/helpers.ts';
import { stopChild } from '../../tools/redis-server.ts';

export interface Proc {
  child: ChildProcess;
  /** Everything printed so far (stdout + stderr). */
  output(): string;
  stderr(): string;
  /** Resolves when stderr matches (rejects if the process exits first). */
  waitFor(re: RegExp): Promise<void>;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const ENTRY = ['--import', 'tsx', 'cli/main.ts'];
const live = new Set<Proc>();

/** Starts `node --import tsx cli/main.ts ...args` in the project folder. */
export function start(...args: string[]): Proc {
  return startWithEnv({}, ...args);
}

/** `start` with more environment variables. */
export function startWithEnv(env: Record<string, string>, ...args: string[]): Proc {
  return startIn(process.cwd(), env, ...args);
}

/** `start` in another checkout's folder (checkout.ts), with more environment variables. */
export function startIn(cwd: string, env: Record<string, string>, ...args: string[]): Proc {
  const child = spawn(process.execPath, [...ENTRY, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  let out = '', err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((ok) => child.on('close', (code) => ok(code)));
  const proc: Proc = {
    child,
    output: () => out + err,
    stderr: () => err,
    waitFor: (re) =>
      new Promise((ok, reject) => {
        const check = () => (re.test(err) ? ok() : undefined);
        child.stderr!.on('data', check);
        child.on('close', () => reject(new Error(`exited before stderr matched ${re}:\n${err}`)));
        check();
      }),
    exited,
    stop: async () => {
      live.delete(proc);
      await stopChild(child);
    },
  };
  live.add(proc);
  return proc;
}

/**
 * A worker process serving the queue with the tests' short stall timings (lock 2 s), or a
 * longer lock where a test counts executions and no stall is wanted (a lock lost under a
 * loaded machine makes BullMQ run a job again: at-least-once).
 */
export function startWorkerProcess(url: string, env: Record<string, string> = {}, lockMs = 2000, more: { cwd?: string; args?: string[] } = {}): Proc {
  const args = ['worker', '--queue', url, '--concurrency', '1', '--lock-duration', String(lockMs), '--stalled-interval', String(lockMs / 2), '--verbose', ...(more.args ?? [])];
  return startIn(more.cwd ?? process.cwd(), env, ...args);
}

/** The id a worker process serves as (its `serving … as <id>, engine <engine>` line), once it printed it. */
export async function workerId(proc: Proc): Promise<{ id: string; engine: string }> {
  await proc.waitFor(/serving .* as \S+, engine \w+/);
  const m = /serving .* as (\S+), engine (\w+)/.exec(proc.stderr())!;
  return { id: m[1], engine: m[2] };
}

/**
 * `promise`'s value, or a failure saying `what()` (what was awaited, what the processes printed)
 * once it has not settled within `ms`: a step that hangs reads as a reason, not as the test's timeout.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: () => Promise<string>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => void what().then((w) => reject(new Error(`not within ${ms / 1000} s: ${w}`)), reject), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The process's exit code, bounded by `within` (`context()`: more to say, such as Redis's keys). */
export function exitCode(proc: Proc, what: string, ms: number, context: () => Promise<string> = async () => ''): Promise<number | null> {
  return within(proc.exited, ms, async () => `${what} has not exited${await context().then((c) => (c ? ` (${c})` : ''))}; it printed:\n${proc.output()}`);
}

/** Stops every process started here that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/** The environment that makes run and worker processes print their step-by-step lines (SIMLAPSE_DEBUG=queue; cli/queue.ts queueTrace). */
export const DEBUG = { SIMLAPSE_DEBUG: 'queue' };

/**
 * What Redis holds for the queue, for a failure's message: the queue's lists, and each run's
 * results, claims, holders and lease.
 */
export async function queueState(port: number): Promise<string> {
  const c = new Redis(port, '127.0.0.1');
  try {
    const q = `${PREFIX}:${QUEUE}`;
    const [w, a, d, f] = await Promise.all([c.lrange(`${q}:wait`, 0, 9), c.lrange(`${q}:active`, 0, 9), c.zrange(`${q}:delayed`, '0', '9'), c.zrange(`${q}:failed`, '0', '9')]);
    const lines = [`waiting ${JSON.stringify(w)}, active ${JSON.stringify(a)}, delayed ${JSON.stringify(d)}, failed ${JSON.stringify(f)}`];
    for (const key of (await c.keys('simlapse:run:*')).sort()) {
      const type = await c.type(key);
      const value = type === 'hash' ? (key.endsWith(':results') || key.endsWith(':totals') ? `fields ${(await c.hkeys(key)).join(' ')}` : JSON.stringify(await c.hgetall(key))) : type === 'string' ? String(await c.get(key)).slice(0, 200) : type;
      lines.push(`${key}: ${value.slice(0, 600)}`);
    }
    return lines.join('\n');
  } catch (err) {
    return `(Redis not read: ${err})`;
  } finally {
    c.disconnect();
  }
}

/**
 * Stops `victim` (SIGSTOP) while it holds a job's claim, and so has not stored that job's result (the store
 * releases the claim in the same script). A store it sent just before the signal still lands: then it is resumed
 * and stopped again at its next claim. Returns the job's BullMQ id (`<run key>-<arm>-<replication>-<block>`).
 */
export async function stopMidJob(client: Redis, victim: Proc, victimId: string, what: () => Promise<string>): Promise<string> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const keys = await client.keys(`${PREFIX}:run:*:claim:*`);
    const values = keys.length > 0 ? await client.mget(...keys) : [];
    const i = values.findIndex((v) => v?.startsWith(`${victimId}#`));
    if (i < 0) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    victim.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 300));
    if ((await client.get(keys[i])) === values[i]) {
      // `<prefix>:run:<key>:claim:<arm>.<replication>.<block>`
      const [, key, , job] = keys[i].slice(PREFIX.length + 1).split(':');
      return `${key}-${job.replaceAll('.', '-')}`;
    }
    victim.child.kill('SIGCONT');
    await until(async () => (await client.get(keys[i])) !== values[i]);
  }
  throw new Error(`not within 60 s: the victim held no claim; ${await what()}`);
}

/** Lines `computed <job id>` a worker printed. */
export function computed(proc: Proc): string[] {
  return [...proc.stderr().matchAll(/computed (\S+) in/g)].map((m) => m[1]);
}

/** Waits until `ok()` holds (checked every 50 ms), at most `ms`: a generous bound for a loaded machine, never a measurement. */
export async function until(ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The report.json bytes of a local run of `scenario` on 2 worker threads: what every queue run must give. */
export function localReport(scenario: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'simlapse-queue-'));
  try {
    const r = cli('run', scenario, '--workers', '2', '--out', dir);
    if (r.status !== 0) throw new Error(`the local run of ${scenario} failed: ${r.stderr}`);
    return readFileSync(join(dir, 'report.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
