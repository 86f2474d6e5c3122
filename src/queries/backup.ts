/** SQLite's online backup (src/db/backup.ts): one consistent snapshot of the file, written to a new file. */
import type { Knex } from '@mikro-orm/knex';

export async function backUpInto(knex: Knex, file: string): Promise<void> {
  await knex.raw('vacuum into ?', [file]);
}
