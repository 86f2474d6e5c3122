import { Migration } from '@mikro-orm/migrations';

/** Watch lists: saved event filters per user (for the watchedChanges subscription). */
export class Migration20261124070000_watches extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`watch\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`user_id\` integer not null, \`name\` text not null, \`filter\` json not null, constraint \`watch_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`watch_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`watch_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade);`,
    );
    this.addSql('create index `watch_user_id_index` on `watch` (`user_id`);');
    this.addSql('create index `watch_archived_at_index` on `watch` (`archived_at`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `watch`;');
  }
}
