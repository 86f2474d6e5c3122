import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys for logProgress, and the reason a draft's status change carries until it is
 * published. Hand-trimmed: SQLite's schema comparator also proposed spurious table rebuilds.
 */
export class Migration20261124052549 extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `progress_update` add column `status_reason` text null;');
    this.addSql(
      `create table \`idempotency_record\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`operation\` text not null, \`key\` text not null, \`request_hash\` text not null, \`result\` json not null, \`created_at\` datetime not null, constraint \`idempotency_record_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`idempotency_record_user_id_index\` on \`idempotency_record\` (\`user_id\`);`);
    this.addSql(
      `create unique index \`idempotency_record_user_id_operation_key_unique\` on \`idempotency_record\` (\`user_id\`, \`operation\`, \`key\`);`,
    );
  }
}
