import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (an entity) and their deliveries (one row per event and webhook, written by the
 * outbox task and claimed by the delivery task with a lease; raw SQL only, src/queries/webhooks.ts).
 */
export class Migration20261130130100_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`webhook\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`url\` text not null, \`topics\` json not null, \`filter\` json not null, \`secret\` text not null, \`previous_secret\` text null, \`previous_secret_expires_at\` datetime null, \`disabled_at\` datetime null, \`disabled_reason\` text null, \`failing_since\` datetime null, constraint \`webhook_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`webhook_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade);`,
    );
    this.addSql('create index `webhook_archived_at_index` on `webhook` (`archived_at`);');
    this.addSql(
      `create table \`webhook_delivery\` (\`id\` integer not null primary key autoincrement, \`webhook_id\` integer not null, \`event_id\` text not null, \`topic\` text not null, \`sequence\` integer not null, \`body\` text not null, \`state\` text not null default 'PENDING', \`attempt\` integer not null default 0, \`created_at\` datetime not null, \`next_attempt_at\` datetime null, \`last_attempt_at\` datetime null, \`last_status_code\` integer null, \`last_duration_ms\` integer null, \`last_error\` text null, \`delivered_at\` datetime null, \`claimed_by\` text null, \`lease_until\` datetime null, constraint \`webhook_delivery_webhook_id_foreign\` foreign key(\`webhook_id\`) references \`webhook\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql('create unique index `webhook_delivery_webhook_event_unique` on `webhook_delivery` (`webhook_id`, `event_id`);');
    this.addSql("create index `webhook_delivery_due_index` on `webhook_delivery` (`next_attempt_at`) where `state` = 'PENDING';");
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `webhook_delivery`;');
    this.addSql('drop table if exists `webhook`;');
  }
}
