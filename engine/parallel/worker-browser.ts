// The Web Worker entry: exposes the worker API through comlink.
import * as Comlink from 'comlink';
import { createWorkerApi } from './api.ts';

Comlink.expose(createWorkerApi());
