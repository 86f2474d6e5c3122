import { Migration } from '@mikro-orm/migrations';

/** E-mail digests of watch lists (as the SQLite Migration20261130140000_digests). */
export class Migration20261130140000_digests extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "digest_subscription" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "watch_id" int not null, "user_id" int not null, "frequency" text collate "C" check ("frequency" in ('DAILY', 'WEEKLY')) not null, "time_zone" text collate "C" not null, "hour" int not null, "next_digest_at" timestamptz not null, "last_sent_at" timestamptz null, "last_sequence" int not null default 0, "lease_until" timestamptz null);`,
    );
    this.addSql(`create index "digest_subscription_archived_at_index" on "digest_subscription" ("archived_at");`);
    this.addSql(`create index "digest_subscription_watch_id_index" on "digest_subscription" ("watch_id");`);
    this.addSql(`create index "digest_subscription_user_id_index" on "digest_subscription" ("user_id");`);
    this.addSql(
      `create index "digest_subscription_archived_at_next_digest_at_index" on "digest_subscription" ("archived_at", "next_digest_at");`,
    );
    for (const [column, table, onDelete] of [
      ['created_by_id', 'app_user', ' on delete set null'],
      ['updated_by_id', 'app_user', ' on delete set null'],
      ['watch_id', 'watch', ''],
      ['user_id', 'app_user', ''],
    ]) {
      this.addSql(
        `alter table "digest_subscription" add constraint "digest_subscription_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade${onDelete};`,
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "digest_subscription" cascade;`);
  }
}
