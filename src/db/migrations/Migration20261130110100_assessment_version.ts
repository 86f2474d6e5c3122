import { Migration } from '@mikro-orm/migrations';

/** Assessments are edited by their authors (updateAssessment): a version for optimistic concurrency. */
export class Migration20261130110100_assessment_version extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table `assessment` add column `version` integer not null default 1;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table `assessment` drop column `version`;');
  }
}
