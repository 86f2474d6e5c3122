import { Migration } from '@mikro-orm/migrations';

/**
 * Link kinds (issue 14): each commitment ↔ recommendation link says whether the commitment
 * answers the recommendation (RESPONDS_TO) or is a measure cited as relevant (CONTRIBUTES_TO),
 * with the passage that says so. Existing links start as RESPONDS_TO; the data migration that
 * follows reclassifies the seeded ones.
 */
export class Migration20261129220000_link_kinds extends Migration {
  override async up(): Promise<void> {
    this.addSql("alter table `commitment_recommendations` add column `kind` text not null default 'RESPONDS_TO';");
    this.addSql('alter table `commitment_recommendations` add column `evidence` text null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table `commitment_recommendations` drop column `evidence`;');
    this.addSql('alter table `commitment_recommendations` drop column `kind`;');
  }
}
