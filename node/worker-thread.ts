// The worker_threads entry: exposes the worker API through comlink's Node adapter.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerApi } from '../engine/index.ts';

Comlink.expose(createWorkerApi(), nodeEndpoint(parentPort!));
