import { Migration } from '@mikro-orm/migrations';

/**
 * Stemmed full-text search on SQLite (issue 13), as PostgreSQL's `english` configuration does:
 * a second FTS5 index per searched table, with the `porter` tokenizer over the same columns, so
 * that `ombudsperson` finds "ombudspersons". Words are looked up there; quoted phrases stay on the
 * index as typed (Migration20261124060000_search), never stemmed. External content and triggers
 * as for that index: a migration that rebuilds `recommendation` or `commitment` drops these
 * triggers too and must create them again. Kept out of the ORM's schema diff (../orm.ts).
 */
const indexes = [
  { table: 'recommendation', columns: ['code', 'title', 'text', 'section'] },
  { table: 'commitment', columns: ['code', 'title', 'description'] },
];

export class Migration20261130170000_search_stemming extends Migration {
  override async up(): Promise<void> {
    for (const { table, columns } of indexes) {
      const fts = `${table}_fts_stemmed`;
      const list = columns.join(', ');
      const values = (row: 'new' | 'old') => columns.map((c) => `${row}.${c}`).join(', ');
      this.addSql(
        `create virtual table ${fts} using fts5(${list}, content='${table}', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');`,
      );
      this.addSql(`create trigger ${fts}_after_insert after insert on ${table} begin
        insert into ${fts}(rowid, ${list}) values (new.id, ${values('new')});
      end;`);
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
      for (const event of ['insert', 'delete', 'update']) this.addSql(`drop trigger if exists ${table}_fts_stemmed_after_${event};`);
      this.addSql(`drop table if exists ${table}_fts_stemmed;`);
    }
  }
}
