/** The committed migrations, in order. Listed explicitly so that compiled code and tests load the same set. */
import { Migration20261124051204 } from './Migration20261124051204';
import { Migration20261124052549 } from './Migration20261124052549';
import { Migration20261124060000_search } from './Migration20261124060000_search';
import { Migration20261124070000_watches } from './Migration20261124070000_watches';
import { Migration20261129220000_link_kinds } from './Migration20261129220000_link_kinds';
import { Migration20261129230000_read_indexes } from './Migration20261129230000_read_indexes';
import { Migration20261129230000_report_dates_aliases } from './Migration20261129230000_report_dates_aliases';
import { Migration20261129230100_issue14_data } from './Migration20261129230100_issue14_data';
import { Migration20261129233000_credential_changes } from './Migration20261129233000_credential_changes';
import { Migration20261130020000_issue14_bodies } from './Migration20261130020000_issue14_bodies';
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
import { Migration20261130170000_search_stemming } from './Migration20261130170000_search_stemming';

export const migrationsList: { name: string; class: any }[] = [
  { name: 'Migration20261124051204', class: Migration20261124051204 },
  { name: 'Migration20261124052549', class: Migration20261124052549 },
  { name: 'Migration20261124060000_search', class: Migration20261124060000_search },
  { name: 'Migration20261124070000_watches', class: Migration20261124070000_watches },
  { name: 'Migration20261129220000_link_kinds', class: Migration20261129220000_link_kinds },
  { name: 'Migration20261129230000_read_indexes', class: Migration20261129230000_read_indexes },
  { name: 'Migration20261129230000_report_dates_aliases', class: Migration20261129230000_report_dates_aliases },
  { name: 'Migration20261129230100_issue14_data', class: Migration20261129230100_issue14_data },
  { name: 'Migration20261129233000_credential_changes', class: Migration20261129233000_credential_changes },
  { name: 'Migration20261130020000_issue14_bodies', class: Migration20261130020000_issue14_bodies },
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
  { name: 'Migration20261130170000_search_stemming', class: Migration20261130170000_search_stemming },
];
