/** The committed PostgreSQL migrations, in order (the SQLite ones are in the folder above). */
import { Migration20261130000000_postgresql_initial } from './Migration20261130000000_postgresql_initial';
import { Migration20261130100000_review } from './Migration20261130100000_review';
import { Migration20261130110000_revisions } from './Migration20261130110000_revisions';
import { Migration20261130110100_assessment_version } from './Migration20261130110100_assessment_version';
import { Migration20261130130000_outbox } from './Migration20261130130000_outbox';
import { Migration20261130130100_webhooks } from './Migration20261130130100_webhooks';
import { Migration20261130140000_digests } from './Migration20261130140000_digests';
import { Migration20261130150000_partners } from './Migration20261130150000_partners';
import { Migration20261130150100_issue14_partners } from './Migration20261130150100_issue14_partners';
import { Migration20261130150200_issue14_merge_prot } from './Migration20261130150200_issue14_merge_prot';
import { Migration20261130160000_user_changes } from './Migration20261130160000_user_changes';
import { Migration20261130160000_counts } from './Migration20261130160000_counts';
import { Migration20261201100000_nested_pages } from './Migration20261201100000_nested_pages';
import { Migration20261201110000_coverage_counts } from './Migration20261201110000_coverage_counts';
import { Migration20261201110100_stats_buckets } from './Migration20261201110100_stats_buckets';
import { Migration20261201110200_stats_months } from './Migration20261201110200_stats_months';
import { Migration20261201110300_member_counts } from './Migration20261201110300_member_counts';

export const migrationsList: { name: string; class: any }[] = [
  { name: 'Migration20261130000000_postgresql_initial', class: Migration20261130000000_postgresql_initial },
  { name: 'Migration20261130100000_review', class: Migration20261130100000_review },
  { name: 'Migration20261130110000_revisions', class: Migration20261130110000_revisions },
  { name: 'Migration20261130110100_assessment_version', class: Migration20261130110100_assessment_version },
  { name: 'Migration20261130130000_outbox', class: Migration20261130130000_outbox },
  { name: 'Migration20261130130100_webhooks', class: Migration20261130130100_webhooks },
  { name: 'Migration20261130140000_digests', class: Migration20261130140000_digests },
  { name: 'Migration20261130150000_partners', class: Migration20261130150000_partners },
  { name: 'Migration20261130150100_issue14_partners', class: Migration20261130150100_issue14_partners },
  { name: 'Migration20261130150200_issue14_merge_prot', class: Migration20261130150200_issue14_merge_prot },
  { name: 'Migration20261130160000_user_changes', class: Migration20261130160000_user_changes },
  { name: 'Migration20261130160000_counts', class: Migration20261130160000_counts },
  { name: 'Migration20261201100000_nested_pages', class: Migration20261201100000_nested_pages },
  { name: 'Migration20261201110000_coverage_counts', class: Migration20261201110000_coverage_counts },
  { name: 'Migration20261201110100_stats_buckets', class: Migration20261201110100_stats_buckets },
  { name: 'Migration20261201110200_stats_months', class: Migration20261201110200_stats_months },
  { name: 'Migration20261201110300_member_counts', class: Migration20261201110300_member_counts },
];
