import { Migration } from '@mikro-orm/migrations';

/** The transactional outbox: see the SQLite migration of the same name (../Migration20261130130000_outbox.ts). */
export class Migration20261130130000_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox_event" ("id" serial primary key, "event_id" text collate "C" not null, "topic" text collate "C" not null, "sequence" int not null, "commitment_id" int not null, "event" jsonb not null, "created_at" timestamptz not null, "dispatched_at" timestamptz null, "claimed_by" text null, "lease_until" timestamptz null);`,
    );
    this.addSql('create unique index "outbox_event_event_id_unique" on "outbox_event" ("event_id");');
    this.addSql('create index "outbox_event_pending_index" on "outbox_event" ("id") where "dispatched_at" is null;');
    this.addSql('create index "outbox_event_dispatched_at_index" on "outbox_event" ("dispatched_at");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "outbox_event";');
  }
}
