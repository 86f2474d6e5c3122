import { Migration } from '@mikro-orm/migrations';

/**
 * A user whose role, actor or country changes gets a `USER_CHANGED` row in the credential change
 * log (src/auth/revocation.ts), whoever writes it (updateUser, the user CLI, raw SQL): the
 * connections it holds were authorized for what it could see before, so every instance ends
 * them and the client connects again with its new rights. SQLite cannot alter a CHECK
 * constraint: the log is rebuilt with the new kind, and the triggers that fill it, which SQLite
 * checks against the schema when a table is renamed, are dropped first and made again after.
 */
const TRIGGERS = `create trigger credential_change_token_revoked after update of revoked_at on api_token
  when old.revoked_at is null and new.revoked_at is not null begin
    insert into credential_change (kind, user_id, token_id) values ('TOKEN_REVOKED', new.user_id, new.id);
  end;
create trigger credential_change_token_deleted after delete on api_token
  when old.revoked_at is null begin
    insert into credential_change (kind, user_id, token_id) values ('TOKEN_REVOKED', old.user_id, old.id);
  end;
create trigger credential_change_user_disabled after update of disabled_at on app_user
  when old.disabled_at is null and new.disabled_at is not null begin
    insert into credential_change (kind, user_id) values ('USER_DISABLED', new.id);
  end;
create trigger credential_change_user_enabled after update of disabled_at on app_user
  when old.disabled_at is not null and new.disabled_at is null begin
    insert into credential_change (kind, user_id) values ('USER_ENABLED', new.id);
  end;
create trigger credential_change_user_changed after update of role, actor_id, country on app_user
  when old.role is not new.role or old.actor_id is not new.actor_id or old.country is not new.country begin
    insert into credential_change (kind, user_id) values ('USER_CHANGED', new.id);
  end;`;
export class Migration20261130160000_user_changes extends Migration {
  override async up(): Promise<void> {
    for (const trigger of ['token_revoked', 'token_deleted', 'user_disabled', 'user_enabled']) {
      this.addSql(`drop trigger if exists credential_change_${trigger};`);
    }
    this.addSql(
      `create table \`credential_change_new\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null check (\`kind\` in ('TOKEN_REVOKED', 'USER_DISABLED', 'USER_ENABLED', 'USER_CHANGED')), \`user_id\` integer not null, \`token_id\` integer null);`,
    );
    this.addSql(
      'insert into `credential_change_new` (`id`, `kind`, `user_id`, `token_id`) select `id`, `kind`, `user_id`, `token_id` from `credential_change`;',
    );
    this.addSql('drop table `credential_change`;');
    this.addSql('alter table `credential_change_new` rename to `credential_change`;');
    for (const trigger of TRIGGERS.split(/(?<=end;)\n/)) this.addSql(trigger);
  }
}
