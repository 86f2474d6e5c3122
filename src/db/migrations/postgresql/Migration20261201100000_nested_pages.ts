import { Migration } from '@mikro-orm/migrations';

/** As the SQLite migration of the same name: the link carries its commitment's code and archived_at, kept by triggers, for `Recommendation.commitments` pages. */
export class Migration20261201100000_nested_pages extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "commitment_recommendations" add column "commitment_code" text collate "C" null;`);
    this.addSql(`alter table "commitment_recommendations" add column "commitment_archived_at" timestamptz null;`);
    this.addSql(
      `update "commitment_recommendations" cr set "commitment_code" = c.code, "commitment_archived_at" = c.archived_at from commitment c where c.id = cr.commitment_id;`,
    );
    this.addSql(
      `create index "commitment_recommendations_live_code_index" on "commitment_recommendations" ("recommendation_id", "commitment_code", "commitment_id") where "commitment_archived_at" is null;`,
    );
    this.addSql(`create function commitment_recommendations_fill() returns trigger language plpgsql as $$
      begin
        select c.code, c.archived_at into new.commitment_code, new.commitment_archived_at from commitment c where c.id = new.commitment_id;
        return new;
      end $$;`);
    this.addSql(`create trigger commitment_recommendations_fill before insert or update of commitment_id on "commitment_recommendations"
      for each row execute function commitment_recommendations_fill();`);
    this.addSql(`create function commitment_links_follow() returns trigger language plpgsql as $$
      begin
        update commitment_recommendations set commitment_code = new.code, commitment_archived_at = new.archived_at where commitment_id = new.id;
        return null;
      end $$;`);
    this.addSql(`create trigger commitment_links_follow after update of code, archived_at on "commitment"
      for each row when (old.code is distinct from new.code or old.archived_at is distinct from new.archived_at)
      execute function commitment_links_follow();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists commitment_links_follow on "commitment";`);
    this.addSql(`drop function if exists commitment_links_follow();`);
    this.addSql(`drop trigger if exists commitment_recommendations_fill on "commitment_recommendations";`);
    this.addSql(`drop function if exists commitment_recommendations_fill();`);
    this.addSql(`drop index if exists "commitment_recommendations_live_code_index";`);
    this.addSql(`alter table "commitment_recommendations" drop column "commitment_archived_at";`);
    this.addSql(`alter table "commitment_recommendations" drop column "commitment_code";`);
  }
}
