import { Migration } from '@mikro-orm/migrations';

/** As the SQLite migration of the same name (../Migration20261130110100_assessment_version.ts). */
export class Migration20261130110100_assessment_version extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "assessment" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "assessment" drop column "version";`);
  }
}
