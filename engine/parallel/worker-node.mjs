// Bootstrap of a worker thread: Node 20 does not pass the TypeScript loader's
// hooks to workers, so register tsx here, then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./worker-node.ts');
