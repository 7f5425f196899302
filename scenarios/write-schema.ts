/** Writes scenarios/scenario.schema.json from the loader's zod schema: `npx tsx scenarios/write-schema.ts`. */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from './index.ts';

const target = new URL('./scenario.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
