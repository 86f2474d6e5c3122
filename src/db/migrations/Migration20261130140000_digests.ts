import { Migration } from '@mikro-orm/migrations';

/** E-mail digests of watch lists: their schedule and how far each has got (src/digests). */
export class Migration20261130140000_digests extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `digest_subscription` (`id` integer not null primary key autoincrement, `created_at` datetime not null, `updated_at` datetime not null, `archived_at` datetime null, `created_by_id` integer null, `updated_by_id` integer null, `watch_id` integer not null, `user_id` integer not null, `frequency` text check (`frequency` in ('DAILY', 'WEEKLY')) not null, `time_zone` text not null, `hour` integer not null, `next_digest_at` datetime not null, `last_sent_at` datetime null, `last_sequence` integer not null default 0, `lease_until` datetime null, constraint `digest_subscription_created_by_id_foreign` foreign key(`created_by_id`) references `app_user`(`id`) on delete set null on update cascade, constraint `digest_subscription_updated_by_id_foreign` foreign key(`updated_by_id`) references `app_user`(`id`) on delete set null on update cascade, constraint `digest_subscription_watch_id_foreign` foreign key(`watch_id`) references `watch`(`id`) on update cascade, constraint `digest_subscription_user_id_foreign` foreign key(`user_id`) references `app_user`(`id`) on update cascade);",
    );
    this.addSql('create index `digest_subscription_archived_at_index` on `digest_subscription` (`archived_at`);');
    this.addSql('create index `digest_subscription_watch_id_index` on `digest_subscription` (`watch_id`);');
    this.addSql('create index `digest_subscription_user_id_index` on `digest_subscription` (`user_id`);');
    this.addSql(
      'create index `digest_subscription_archived_at_next_digest_at_index` on `digest_subscription` (`archived_at`, `next_digest_at`);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `digest_subscription`;');
  }
}
