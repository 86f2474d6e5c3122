import { Migration } from '@mikro-orm/migrations';

/**
 * The transactional outbox (src/queries/outbox.ts): one row per public event, written in the
 * transaction of the write that causes it, claimed by the worker (src/worker) with a lease.
 * Written and read with raw SQL only: kept out of the ORM's schema diff (../orm.ts).
 */
export class Migration20261130130000_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`outbox_event\` (\`id\` integer not null primary key autoincrement, \`event_id\` text not null, \`topic\` text not null, \`sequence\` integer not null, \`commitment_id\` integer not null, \`event\` json not null, \`created_at\` datetime not null, \`dispatched_at\` datetime null, \`claimed_by\` text null, \`lease_until\` datetime null);`,
    );
    this.addSql('create unique index `outbox_event_event_id_unique` on `outbox_event` (`event_id`);');
    this.addSql('create index `outbox_event_pending_index` on `outbox_event` (`id`) where `dispatched_at` is null;');
    this.addSql('create index `outbox_event_dispatched_at_index` on `outbox_event` (`dispatched_at`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `outbox_event`;');
  }
}
