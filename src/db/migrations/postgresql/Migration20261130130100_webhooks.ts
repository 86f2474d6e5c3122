import { Migration } from '@mikro-orm/migrations';

/** Webhooks and their deliveries: see the SQLite migration of the same name (../Migration20261130130100_webhooks.ts). */
export class Migration20261130130100_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "url" text not null, "topics" jsonb not null, "filter" jsonb not null, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null, "disabled_at" timestamptz null, "disabled_reason" text null, "failing_since" timestamptz null);`,
    );
    this.addSql('create index "webhook_archived_at_index" on "webhook" ("archived_at");');
    this.addSql(
      'alter table "webhook" add constraint "webhook_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "webhook" add constraint "webhook_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      `create table "webhook_delivery" ("id" serial primary key, "webhook_id" int not null references "webhook" ("id") on update cascade on delete cascade, "event_id" text collate "C" not null, "topic" text collate "C" not null, "sequence" int not null, "body" text not null, "state" text collate "C" not null default 'PENDING', "attempt" int not null default 0, "created_at" timestamptz not null, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "last_status_code" int null, "last_duration_ms" int null, "last_error" text null, "delivered_at" timestamptz null, "claimed_by" text null, "lease_until" timestamptz null);`,
    );
    this.addSql('create unique index "webhook_delivery_webhook_event_unique" on "webhook_delivery" ("webhook_id", "event_id");');
    this.addSql(`create index "webhook_delivery_due_index" on "webhook_delivery" ("next_attempt_at") where "state" = 'PENDING';`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "webhook_delivery";');
    this.addSql('drop table if exists "webhook";');
  }
}
