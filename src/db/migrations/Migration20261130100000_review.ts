import { Migration } from '@mikro-orm/migrations';

/**
 * The review of progress updates (issue 16, src/domain/review.ts): two more states, RETURNED
 * and WITHDRAWN; when a draft was last submitted, returned (by whom, with which comment) or
 * withdrawn; and the published update a correction corrects.
 *
 * SQLite cannot change the CHECK constraint of `state` in place: a new column with the wider
 * CHECK takes its values, the old one is dropped (its indexes first) and the new one renamed.
 * Drafts already waiting count as submitted when they were reported.
 */
const STATES = `'DRAFT', 'PUBLISHED', 'RETURNED', 'WITHDRAWN'`;

export class Migration20261130100000_review extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop index if exists `progress_update_commitment_id_state_index`;');
    this.addSql('drop index if exists `progress_update_live_commitment_index`;');
    this.addSql(
      `alter table \`progress_update\` add column \`state_next\` text check (\`state_next\` in (${STATES})) not null default 'PUBLISHED';`,
    );
    this.addSql('update `progress_update` set `state_next` = `state`;');
    this.addSql('alter table `progress_update` drop column `state`;');
    this.addSql('alter table `progress_update` rename column `state_next` to `state`;');
    this.addSql('create index `progress_update_commitment_id_state_index` on `progress_update` (`commitment_id`, `state`);');
    this.addSql(
      'create index `progress_update_live_commitment_index` on `progress_update` (commitment_id, state, reported_at) where archived_at is null;',
    );
    this.addSql(
      'alter table `progress_update` add column `corrects_id` integer null constraint `progress_update_corrects_id_foreign` references `progress_update` (`id`) on delete set null on update cascade;',
    );
    this.addSql('alter table `progress_update` add column `submitted_at` datetime null;');
    this.addSql('alter table `progress_update` add column `return_comment` text null;');
    this.addSql('alter table `progress_update` add column `returned_at` datetime null;');
    this.addSql(
      'alter table `progress_update` add column `returned_by_id` integer null constraint `progress_update_returned_by_id_foreign` references `app_user` (`id`) on delete set null on update cascade;',
    );
    this.addSql('alter table `progress_update` add column `withdrawn_at` datetime null;');
    this.addSql("update `progress_update` set `submitted_at` = `reported_at` where `state` = 'DRAFT';");
    this.addSql('create index `progress_update_corrects_id_index` on `progress_update` (`corrects_id`);');
    // The review queue: live drafts, oldest submission first.
    this.addSql(
      "create index `progress_update_review_queue_index` on `progress_update` (submitted_at, id) where state = 'DRAFT' and archived_at is null;",
    );
  }
}
