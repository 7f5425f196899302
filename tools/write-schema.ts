/**
 * Writes the published JSON Schemas: scenarios/scenario.schema.json from the loader's zod schema, and
 * docs/report.schema.json from the metric catalog (engine/report-schema.ts). `npx tsx tools/write-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../scenarios/index.ts';
import { reportJsonSchema } from '../engine/index.ts';

for (const [file, schema] of [['../scenarios/scenario.schema.json', scenarioJsonSchema()], ['../docs/report.schema.json', reportJsonSchema()]] as const) {
  const target = new URL(file, import.meta.url);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target.pathname}`);
}
