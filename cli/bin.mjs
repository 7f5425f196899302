#!/usr/bin/env node
// The `simlapse` command: loads TypeScript through tsx (resolved from this package) and runs cli/main.ts in this process.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
