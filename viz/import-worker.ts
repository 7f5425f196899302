// The page's importer (a Web Worker, loaded on the first import): exposes importExport only.
import * as Comlink from 'comlink';
import { importExport } from './import-job.ts';

Comlink.expose({ importExport });
