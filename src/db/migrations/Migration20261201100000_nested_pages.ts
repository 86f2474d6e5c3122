import { Migration } from '@mikro-orm/migrations';

/**
 * `Recommendation.commitments` pages by commitment code over live commitments (issue 11). The
 * link now carries what that page orders and filters by, its commitment's `code` and
 * `archived_at`, with a partial index on (recommendation, code, commitment) over live ones: a
 * page reads its rows from the index and stops, instead of joining every linked commitment and
 * sorting them. Triggers keep the copies, whoever writes (the services, imports, merges, raw
 * SQL such as the bench's dataset builder): a new link takes its commitment's values, and a
 * commitment whose code or archived_at changes passes them on to its links. Existing links are
 * filled here.
 */
const TRIGGERS = [
  `create trigger commitment_recommendations_fill after insert on commitment_recommendations begin
    update commitment_recommendations set
      commitment_code = (select c.code from commitment c where c.id = new.commitment_id),
      commitment_archived_at = (select c.archived_at from commitment c where c.id = new.commitment_id)
    where commitment_id = new.commitment_id and recommendation_id = new.recommendation_id;
  end;`,
  `create trigger commitment_recommendations_refill after update of commitment_id on commitment_recommendations begin
    update commitment_recommendations set
      commitment_code = (select c.code from commitment c where c.id = new.commitment_id),
      commitment_archived_at = (select c.archived_at from commitment c where c.id = new.commitment_id)
    where commitment_id = new.commitment_id and recommendation_id = new.recommendation_id;
  end;`,
  `create trigger commitment_links_follow after update of code, archived_at on commitment
    when old.code is not new.code or old.archived_at is not new.archived_at begin
    update commitment_recommendations set commitment_code = new.code, commitment_archived_at = new.archived_at
    where commitment_id = new.id;
  end;`,
];

export class Migration20261201100000_nested_pages extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `commitment_recommendations` add column `commitment_code` text null;');
    this.addSql('alter table `commitment_recommendations` add column `commitment_archived_at` datetime null;');
    this.addSql(
      'update `commitment_recommendations` set `commitment_code` = (select c.code from commitment c where c.id = commitment_recommendations.commitment_id), `commitment_archived_at` = (select c.archived_at from commitment c where c.id = commitment_recommendations.commitment_id);',
    );
    this.addSql(
      'create index `commitment_recommendations_live_code_index` on `commitment_recommendations` (`recommendation_id`, `commitment_code`, `commitment_id`) where `commitment_archived_at` is null;',
    );
    for (const trigger of TRIGGERS) this.addSql(trigger);
  }

  override async down(): Promise<void> {
    for (const trigger of ['commitment_links_follow', 'commitment_recommendations_refill', 'commitment_recommendations_fill'])
      this.addSql(`drop trigger if exists ${trigger};`);
    this.addSql('drop index if exists `commitment_recommendations_live_code_index`;');
    this.addSql('alter table `commitment_recommendations` drop column `commitment_archived_at`;');
    this.addSql('alter table `commitment_recommendations` drop column `commitment_code`;');
  }
}
