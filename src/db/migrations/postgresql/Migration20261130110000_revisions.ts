import { Migration } from '@mikro-orm/migrations';

/** The edit history and withdrawn assessments: as the SQLite migration of the same name (../Migration20261130110000_revisions.ts). */
export class Migration20261130110000_revisions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "revision" ("id" serial primary key, "record_type" text collate "C" not null, "record_id" int not null, "kind" text collate "C" check ("kind" in ('CREATED', 'UPDATED', 'ARCHIVED', 'RESTORED', 'WITHDRAWN')) not null, "at" timestamptz not null, "by_id" int not null, "changes" jsonb not null, "reason" text collate "C" null);`,
    );
    this.addSql(
      `alter table "revision" add constraint "revision_by_id_foreign" foreign key ("by_id") references "app_user" ("id") on update cascade;`,
    );
    this.addSql(`create index "revision_by_id_index" on "revision" ("by_id");`);
    this.addSql(`create index "revision_record_type_record_id_id_index" on "revision" ("record_type", "record_id", "id");`);
    this.addSql(`alter table "assessment" add column "withdrawn_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "revision";`);
    this.addSql(`alter table "assessment" drop column "withdrawn_at";`);
  }
}
