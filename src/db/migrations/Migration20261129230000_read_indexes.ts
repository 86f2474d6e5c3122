import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the read path (issue 11). Lists and nested lists read live rows only
 * (`archived_at is null`) in a fixed order, so each gets a partial index on live rows whose
 * columns are the parent (for nested lists) then the sort key: a page reads its rows in order
 * and stops, whatever the table size.
 *
 * The single-column `archived_at` indexes go: almost every row is live, yet without statistics
 * SQLite took `archived_at is null` for a selective condition and walked that index, reading
 * every live row and sorting them.
 */
const LIVE = 'where archived_at is null';

const DROPPED = [
  'source_archived_at_index',
  'recommendation_archived_at_index',
  'recommendation_link_archived_at_index',
  'actor_archived_at_index',
  'responsibility_archived_at_index',
  'commitment_archived_at_index',
  'progress_update_archived_at_index',
  'assessment_archived_at_index',
  // Prefixes of the composite indexes below.
  'commitment_recommendations_recommendation_id_index',
  'status_change_commitment_id_index',
];

const CREATED: [name: string, table: string, columns: string, where: string][] = [
  ['commitment_live_code_index', 'commitment', 'code', LIVE],
  ['commitment_live_due_index', 'commitment', `coalesce(due_date_end, '9999-12-31')`, LIVE],
  ['commitment_live_updated_index', 'commitment', 'updated_at', LIVE],
  ['commitment_live_actor_code_index', 'commitment', 'actor_id, code', LIVE],
  ['commitment_live_status_code_index', 'commitment', 'status, code', LIVE],
  ['recommendation_live_code_index', 'recommendation', 'code', LIVE],
  ['recommendation_live_source_code_index', 'recommendation', 'source_id, code', LIVE],
  ['actor_live_code_index', 'actor', 'code', LIVE],
  ['actor_live_parent_code_index', 'actor', 'parent_id, code', LIVE],
  ['progress_update_live_commitment_index', 'progress_update', 'commitment_id, state, reported_at', LIVE],
  ['status_change_commitment_sequence_index', 'status_change', 'commitment_id, sequence', ''],
  ['assessment_live_commitment_index', 'assessment', 'commitment_id, assessed_at', LIVE],
  ['commitment_recommendations_recommendation_commitment_index', 'commitment_recommendations', 'recommendation_id, commitment_id', ''],
  ['responsibility_live_recommendation_index', 'responsibility', 'recommendation_id, role', LIVE],
  ['responsibility_live_actor_index', 'responsibility', 'actor_id', LIVE],
  ['recommendation_link_live_from_index', 'recommendation_link', 'from_id', LIVE],
  ['recommendation_link_live_to_index', 'recommendation_link', 'to_id', LIVE],
];

export class Migration20261129230000_read_indexes extends Migration {
  override async up(): Promise<void> {
    for (const name of DROPPED) this.addSql(`drop index if exists \`${name}\`;`);
    for (const [name, table, columns, where] of CREATED) {
      this.addSql(`create index \`${name}\` on \`${table}\` (${columns}) ${where};`);
    }
  }
}
