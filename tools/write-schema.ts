/** Writes scenarios/scenario.schema.json from the loader's zod schema: `npx tsx tools/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../scenarios/index.ts';

const target = new URL('../scenarios/scenario.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
