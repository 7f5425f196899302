/** The queue's door to the engine hash (node/engine-code.ts): what runs, jobs and results are keyed by. */
export { engineHash, type EngineHash } from '../engine-code.ts';
