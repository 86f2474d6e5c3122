import { readFileSync } from 'node:fs';
import { printTrackerSchema, SCHEMA_FILE } from '../src/schema/print';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing types)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printTrackerSchema());
  });
});
