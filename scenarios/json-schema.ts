import { z } from 'zod';
import { editorSchema } from './schema.ts';

/** JSON Schema (draft 2020-12) of the scenario file format, generated from the loader's zod schema. */
export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(editorSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }),
    $id: 'https://simlapse.dev/scenario.schema.json',
    title: 'simlapse scenario',
    description: 'A simlapse scenario file (scenarios/FORMAT.md).',
  };
}
