/**
 * rules/schema.json, generated from the zod schema so editors (VS Code with the
 * YAML extension, JetBrains, anything speaking yaml-language-server) autocomplete
 * and explain every field. Regenerate with `makegood rules schema --write rules/schema.json`;
 * a test fails when the committed file drifts from the schema.
 */
import { z } from 'zod';
import { rulesDocSchema } from './schema.ts';

export function rulesJsonSchema(): Record<string, unknown> {
  // io: 'input' — what a manager writes, so fields with defaults are optional.
  // draft-7: the newest draft yaml-language-server (VS Code, JetBrains) fully supports.
  const schema = z.toJSONSchema(rulesDocSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: 'makegood rules file (rules/gestures.yaml)',
    description: 'Gestures staff may offer, the rules that pick one for a failure, and strike-team alerts.',
    ...schema,
  };
}

/** The exact text of rules/schema.json: two-space JSON with a trailing newline. */
export function rulesJsonSchemaText(): string {
  return JSON.stringify(rulesJsonSchema(), null, 2) + '\n';
}
