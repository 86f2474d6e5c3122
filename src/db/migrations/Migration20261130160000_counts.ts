import { Migration } from '@mikro-orm/migrations';

/**
 * Maintained counts for the dashboard aggregates (src/queries/counts.ts): commitments grouped by
 * what the supported filters and dimensions read, with monthly status intervals per group, and
 * each commitment's current contribution. Filled by a full rebuild when the database is migrated
 * (src/db/orm.ts), then kept by every write in its own transaction.
 */
export class Migration20261130160000_counts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `stats_group` (`id` integer not null primary key, `projection` text not null, `group_key` text not null, `status` text not null, `archived` integer not null, `actor_id` integer null, `due_year` text null, `n` integer not null default 0);',
    );
    this.addSql('create unique index `stats_group_key_unique` on `stats_group` (`group_key`);');
    this.addSql('create index `stats_group_projection_index` on `stats_group` (`projection`, `n`);');
    this.addSql(
      'create table `stats_group_link` (`group_id` integer not null, `source_id` integer null, `level` text null, `theme` text null);',
    );
    this.addSql('create index `stats_group_link_group_id_index` on `stats_group_link` (`group_id`);');
    this.addSql('create table `stats_group_partner` (`group_id` integer not null, `actor_id` integer not null);');
    this.addSql('create index `stats_group_partner_group_id_index` on `stats_group_partner` (`group_id`);');
    this.addSql(
      'create table `stats_interval` (`group_id` integer not null, `status` text not null, `m0` integer not null, `m1` integer not null, `n` integer not null, primary key (`group_id`, `status`, `m0`, `m1`));',
    );
    this.addSql(
      'create table `stats_member` (`commitment_id` integer not null primary key, `group_ids` text not null, `intervals` text not null);',
    );
  }

  override async down(): Promise<void> {
    for (const table of ['stats_member', 'stats_interval', 'stats_group_partner', 'stats_group_link', 'stats_group'])
      this.addSql(`drop table if exists \`${table}\`;`);
  }
}
