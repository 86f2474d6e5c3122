import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14: `commitment.reported_on` (the date of the document that reports a commitment, what
 * reports are due from when it gives no start date), and the former codes of recoded
 * recommendations, which `recommendation(code:)` still resolves.
 */
export class Migration20261129230000_report_dates_aliases extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `commitment` add column `reported_on` text null;');
    this.addSql(
      'create table `recommendation_code_alias` (`id` integer not null primary key autoincrement, `code` text not null, `recommendation_id` integer not null, constraint `recommendation_code_alias_recommendation_id_foreign` foreign key(`recommendation_id`) references `recommendation`(`id`) on delete cascade on update cascade);',
    );
    this.addSql('create unique index `recommendation_code_alias_code_unique` on `recommendation_code_alias` (`code`);');
    this.addSql('create index `recommendation_code_alias_recommendation_id_index` on `recommendation_code_alias` (`recommendation_id`);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `recommendation_code_alias`;');
    this.addSql('alter table `commitment` drop column `reported_on`;');
  }
}
