import { Migration } from '@mikro-orm/migrations';

/**
 * Full-text search (hand-written): FTS5 indexes over recommendations and commitments.
 * External-content tables keep no second copy of the text; triggers keep them in step with
 * every insert, update and delete, whoever writes (ORM, seeds, raw SQL). A migration that
 * rebuilds `recommendation` or `commitment` drops these triggers and must create them again.
 * The tables are kept out of the ORM's schema diff (schemaGenerator.skipTables in ../orm.ts).
 */
const indexes = [
  { table: 'recommendation', columns: ['code', 'title', 'text', 'section'] },
  { table: 'commitment', columns: ['code', 'title', 'description'] },
];

export class Migration20261124060000_search extends Migration {
  override async up(): Promise<void> {
    for (const { table, columns } of indexes) {
      const fts = `${table}_fts`;
      const list = columns.join(', ');
      const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${c}`).join(', ');
      this.addSql(
        `create virtual table ${fts} using fts5(${list}, content='${table}', content_rowid='id', tokenize='unicode61 remove_diacritics 2');`,
      );
      this.addSql(`create trigger ${fts}_after_insert after insert on ${table} begin
        insert into ${fts}(rowid, ${list}) values (new.id, ${values('new')});
      end;`);
      // An external-content index forgets a row only when given the exact values it indexed.
      this.addSql(`create trigger ${fts}_after_delete after delete on ${table} begin
        insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.id, ${values('old')});
      end;`);
      this.addSql(`create trigger ${fts}_after_update after update of id, ${list} on ${table} begin
        insert into ${fts}(${fts}, rowid, ${list}) values ('delete', old.id, ${values('old')});
        insert into ${fts}(rowid, ${list}) values (new.id, ${values('new')});
      end;`);
      this.addSql(`insert into ${fts}(${fts}) values ('rebuild');`);
    }
  }

  override async down(): Promise<void> {
    for (const { table } of indexes) {
      for (const event of ['insert', 'delete', 'update']) this.addSql(`drop trigger if exists ${table}_fts_after_${event};`);
      this.addSql(`drop table if exists ${table}_fts;`);
    }
  }
}
