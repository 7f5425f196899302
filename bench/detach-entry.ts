// A worker entry for bench/detach-ab.ts: the worker API as it was before engine 0.2.0's fourth
// pass, transferring each job's result buffer back (Comlink.transfer) instead of copying it.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerApi, type Job } from '../engine/index.ts';

const api = createWorkerApi();
Comlink.expose({ ...api, run: (job: Job) => { const r = api.run(job); return Comlink.transfer(r, [r.buffer]); } }, nodeEndpoint(parentPort!));
