import { Migration } from '@mikro-orm/migrations';

/** As the SQLite migration of the same name: `USER_CHANGED` rows when a user's role, actor or country changes. */
export class Migration20261130160000_user_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "credential_change" drop constraint if exists "credential_change_kind_check";`);
    this.addSql(
      `alter table "credential_change" add constraint "credential_change_kind_check" check ("kind" in ('TOKEN_REVOKED', 'USER_DISABLED', 'USER_ENABLED', 'USER_CHANGED'));`,
    );
    this.addSql(`create function credential_change_user_changed() returns trigger language plpgsql as $$
      begin
        insert into credential_change (kind, user_id, token_id) values ('USER_CHANGED', new.id, null);
        return new;
      end $$;`);
    this.addSql(`create trigger credential_change_user_changed after update of role, actor_id, country on "app_user" for each row
      when (old.role is distinct from new.role or old.actor_id is distinct from new.actor_id or old.country is distinct from new.country)
      execute function credential_change_user_changed();`);
  }
}
