import { Migration } from '@mikro-orm/migrations';

/**
 * The review of progress updates (issue 16), as the SQLite migration of the same name: the
 * states RETURNED and WITHDRAWN, when a draft was submitted, returned (by whom, why) or
 * withdrawn, and the published update a correction corrects.
 */
export class Migration20261130100000_review extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "progress_update" drop constraint if exists "progress_update_state_check";');
    this.addSql(
      `alter table "progress_update" add constraint "progress_update_state_check" check ("state" in ('DRAFT', 'PUBLISHED', 'RETURNED', 'WITHDRAWN'));`,
    );
    this.addSql('alter table "progress_update" add column "corrects_id" int null;');
    this.addSql('alter table "progress_update" add column "submitted_at" timestamptz null;');
    this.addSql('alter table "progress_update" add column "return_comment" text collate "C" null;');
    this.addSql('alter table "progress_update" add column "returned_at" timestamptz null;');
    this.addSql('alter table "progress_update" add column "returned_by_id" int null;');
    this.addSql('alter table "progress_update" add column "withdrawn_at" timestamptz null;');
    this.addSql(
      'alter table "progress_update" add constraint "progress_update_corrects_id_foreign" foreign key ("corrects_id") references "progress_update" ("id") on update cascade on delete set null;',
    );
    this.addSql(
      'alter table "progress_update" add constraint "progress_update_returned_by_id_foreign" foreign key ("returned_by_id") references "app_user" ("id") on update cascade on delete set null;',
    );
    this.addSql(`update "progress_update" set "submitted_at" = "reported_at" where "state" = 'DRAFT';`);
    this.addSql('create index "progress_update_corrects_id_index" on "progress_update" ("corrects_id");');
    this.addSql(
      `create index "progress_update_review_queue_index" on "progress_update" ("submitted_at", "id") where "state" = 'DRAFT' and "archived_at" is null;`,
    );
  }
}
