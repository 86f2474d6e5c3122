/**
 * Issue 14's partners data migration gives a database seeded before partners existed the partners
 * fresh seeds give (the documents' implementing, funding and monitoring partners), once, on
 * SQLite and on PostgreSQL.
 */
import { openDatabase, type Orm } from '../src/db/orm';
import { Migration20261130150100_issue14_partners as SqliteMigration } from '../src/db/migrations/Migration20261130150100_issue14_partners';
import { Migration20261130150100_issue14_partners as PostgresMigration } from '../src/db/migrations/postgresql/Migration20261130150100_issue14_partners';
import { ISSUE14_PARTNERS } from '../src/db/migrations/data/issue14-partners';
import { readSeeds } from '../src/seeds/read';
import { freshDatabase } from './support/server';
import { databaseOptions, onPostgres } from './support/database';
import { SEEDS_DIR } from './support/paths';

const PARTNERS = `select c.code as commitment, a.code as actor, cp.role, cp.evidence, cp.document, cp.section
  from commitment_partner cp join commitment c on c.id = cp.commitment_id join actor a on a.id = cp.actor_id order by c.code, a.code`;
const VERSIONS = `select sum(version) as v from commitment`;

async function run(orm: Orm): Promise<void> {
  const Migration = onPostgres ? PostgresMigration : SqliteMigration;
  const migration = new Migration(orm.em.getDriver(), orm.config);
  await migration.up();
  for (const query of migration.getQueries()) await orm.em.getConnection().execute(query as string);
}

describe('the issue 14 partners data migration', () => {
  it('writes out the partners of the seed files', () => {
    const seeded = readSeeds(SEEDS_DIR).commitments.flatMap((c) =>
      (c.partners ?? []).map((p) => [c.code, p.actor, p.role, p.evidence, p.document ?? c.document, p.section ?? c.section]),
    );
    expect(seeded).toHaveLength(38);
    expect([...ISSUE14_PARTNERS].sort()).toEqual(seeded.sort());
  });

  it('gives an old database the partners fresh seeds give, once, without new versions', async () => {
    const orm = await openDatabase(databaseOptions(freshDatabase(true)));
    try {
      const conn = orm.em.getConnection();
      const fresh = await conn.execute(PARTNERS);
      expect(fresh).toHaveLength(38);
      expect(fresh.filter((p: any) => p.commitment === 'IT-PNA-NAPTIP-MOU')).toEqual([
        expect.objectContaining({ actor: 'NG-NAPTIP', role: 'IMPLEMENTING' }),
      ]);
      // As the seeds before partners loaded it.
      await conn.execute('delete from commitment_partner');
      const versions = await conn.execute(VERSIONS);
      await run(orm);
      expect(await conn.execute(PARTNERS)).toEqual(fresh);
      await run(orm);
      expect(await conn.execute(PARTNERS)).toEqual(fresh);
      expect(await conn.execute(VERSIONS)).toEqual(versions);
    } finally {
      await orm.close(true);
    }
  });
});
