import { Migration } from '@mikro-orm/migrations';

/**
 * The credential change log behind the revocation signal (src/auth/revocation.ts), hand-written:
 * an append-only table that triggers fill whenever a token is revoked or deleted and whenever a
 * user is disabled or enabled, whoever writes (the API, the user CLI, raw SQL). API instances
 * read it past the last row they have seen, so none needs a query per subscriber to know that a
 * credential it holds has stopped working. Kept out of the ORM's schema diff (../orm.ts). A
 * migration that rebuilds `api_token` or `app_user` drops these triggers and must create them again.
 */
export class Migration20261129233000_credential_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`credential_change\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null check (\`kind\` in ('TOKEN_REVOKED', 'USER_DISABLED', 'USER_ENABLED')), \`user_id\` integer not null, \`token_id\` integer null);`,
    );
    this.addSql(`create trigger credential_change_token_revoked after update of revoked_at on api_token
      when old.revoked_at is null and new.revoked_at is not null begin
        insert into credential_change (kind, user_id, token_id) values ('TOKEN_REVOKED', new.user_id, new.id);
      end;`);
    this.addSql(`create trigger credential_change_token_deleted after delete on api_token
      when old.revoked_at is null begin
        insert into credential_change (kind, user_id, token_id) values ('TOKEN_REVOKED', old.user_id, old.id);
      end;`);
    this.addSql(`create trigger credential_change_user_disabled after update of disabled_at on app_user
      when old.disabled_at is null and new.disabled_at is not null begin
        insert into credential_change (kind, user_id) values ('USER_DISABLED', new.id);
      end;`);
    this.addSql(`create trigger credential_change_user_enabled after update of disabled_at on app_user
      when old.disabled_at is not null and new.disabled_at is null begin
        insert into credential_change (kind, user_id) values ('USER_ENABLED', new.id);
      end;`);
  }

  override async down(): Promise<void> {
    for (const trigger of ['token_revoked', 'token_deleted', 'user_disabled', 'user_enabled'])
      this.addSql(`drop trigger if exists credential_change_${trigger};`);
    this.addSql('drop table if exists `credential_change`;');
  }
}
