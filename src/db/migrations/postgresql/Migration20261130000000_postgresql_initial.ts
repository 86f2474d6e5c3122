import { Migration } from '@mikro-orm/migrations';

/**
 * The whole current schema for a fresh PostgreSQL database, in one migration: the tables the
 * entities describe (as MikroORM's PostgreSQL platform writes them), then what the SQLite
 * migrations add by hand, in PostgreSQL's words:
 * - the read indexes (partial indexes on live rows, as Migration20261129230000_read_indexes);
 * - full-text search: generated tsvector columns, GIN-indexed: `search_vector` with the
 *   `english` configuration (stemmed words) and `search_words` with `simple` (words as typed,
 *   for quoted phrases), both without accents, each column weighted A, B, C, D in the order of
 *   the search index (src/queries/search.ts);
 * - the credential change log and its triggers (as Migration20261129233000_credential_changes).
 * Text columns compare and sort byte by byte (`collate "C"`), as SQLite's BINARY collation does,
 * whatever the database's locale: codes sort the same on both, and lower() folds ASCII only.
 * The SQLite data migrations (issue 14) have nothing to correct in a fresh database: its data
 * comes from the current seeds. Later schema changes get a PostgreSQL migration of their own
 * beside their SQLite one (README, "Migrations").
 */
const TABLES = [
  `create table "event_counter" ("name" text collate "C" not null, "value" int not null default 0, constraint "event_counter_pkey" primary key ("name"));`,
  `create table "app_user" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "email" text collate "C" not null, "name" text collate "C" null, "role" text collate "C" check ("role" in ('VIEWER', 'OMBUDSPERSON', 'CIVIL_SOCIETY', 'FOCAL_POINT', 'SECRETARIAT', 'ADMIN')) not null, "actor_id" int null, "country" text collate "C" null, "disabled_at" timestamptz null);`,
  `create index "app_user_archived_at_index" on "app_user" ("archived_at");`,
  `alter table "app_user" add constraint "app_user_email_unique" unique ("email");`,
  `create table "source" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "document" text collate "C" null, "section" text collate "C" null, "code" text collate "C" not null, "name" text collate "C" not null, "kind" text collate "C" check ("kind" in ('WORLD_CONGRESS', 'CONSULTATION', 'CONFERENCE', 'TREATY', 'TREATY_BODY', 'MONITORING_BODY', 'UN_GENERAL_ASSEMBLY', 'OTHER')) not null, "start_date" text collate "C" null, "end_date" text collate "C" null, "place" text collate "C" null, "description" text collate "C" null, "documents" jsonb not null);`,
  `alter table "source" add constraint "source_code_unique" unique ("code");`,
  `create table "recommendation" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "document" text collate "C" null, "section" text collate "C" null, "code" text collate "C" not null, "title" text collate "C" not null, "text" text collate "C" not null, "is_summary" boolean not null default false, "source_id" int not null, "level" text collate "C" check ("level" in ('OVERARCHING', 'NATIONAL', 'REGIONAL', 'INTERNATIONAL', 'DONOR')) not null, "themes" jsonb not null, "addressees" jsonb not null, "deadline" text collate "C" null);`,
  `alter table "recommendation" add constraint "recommendation_code_unique" unique ("code");`,
  `create index "recommendation_source_id_code_index" on "recommendation" ("source_id", "code");`,
  `create table "recommendation_link" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "from_id" int not null, "to_id" int not null, "relation" text collate "C" check ("relation" in ('REITERATES', 'FOLLOWS_UP')) not null);`,
  `alter table "recommendation_link" add constraint "recommendation_link_from_id_to_id_relation_unique" unique ("from_id", "to_id", "relation");`,
  `create table "recommendation_code_alias" ("id" serial primary key, "code" text collate "C" not null, "recommendation_id" int not null);`,
  `alter table "recommendation_code_alias" add constraint "recommendation_code_alias_code_unique" unique ("code");`,
  `create index "recommendation_code_alias_recommendation_id_index" on "recommendation_code_alias" ("recommendation_id");`,
  `create table "idempotency_record" ("id" serial primary key, "user_id" int not null, "operation" text collate "C" not null, "key" text collate "C" not null, "request_hash" text collate "C" not null, "result" jsonb not null, "created_at" timestamptz not null);`,
  `alter table "idempotency_record" add constraint "idempotency_record_user_id_operation_key_unique" unique ("user_id", "operation", "key");`,
  `create table "api_token" ("id" serial primary key, "user_id" int not null, "token_hash" text collate "C" not null, "prefix" text collate "C" not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null);`,
  `alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`,
  `create table "actor" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "document" text collate "C" null, "section" text collate "C" null, "code" text collate "C" not null, "name" text collate "C" not null, "kind" text collate "C" check ("kind" in ('STATE', 'GOVERNMENT_BODY', 'INTERGOVERNMENTAL_ORGANISATION', 'UN_AGENCY', 'DONOR_AGENCY', 'CIVIL_SOCIETY', 'OMBUDSPERSON', 'PRIVATE_SECTOR', 'MEDIA', 'RESEARCH', 'CHILDREN', 'OTHER')) not null, "country" text collate "C" null, "parent_id" int null, "description" text collate "C" null);`,
  `alter table "actor" add constraint "actor_code_unique" unique ("code");`,
  `create index "actor_country_index" on "actor" ("country");`,
  `create table "source_organisers" ("source_id" int not null, "actor_id" int not null, constraint "source_organisers_pkey" primary key ("source_id", "actor_id"));`,
  `create table "responsibility" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "document" text collate "C" null, "section" text collate "C" null, "recommendation_id" int not null, "actor_id" int not null, "role" text collate "C" check ("role" in ('LEAD', 'SUPPORTING', 'MONITORING')) not null);`,
  `alter table "responsibility" add constraint "responsibility_recommendation_id_actor_id_role_unique" unique ("recommendation_id", "actor_id", "role");`,
  `create table "commitment" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "document" text collate "C" null, "section" text collate "C" null, "code" text collate "C" not null, "title" text collate "C" not null, "description" text collate "C" null, "actor_id" int not null, "start_date" text collate "C" null, "due_date" text collate "C" null, "reported_on" text collate "C" null, "due_date_end" text collate "C" null, "status" text collate "C" check ("status" in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) not null default 'NOT_STARTED', "version" int not null default 1, "reporting_frequency" text collate "C" check ("reporting_frequency" in ('MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL', 'NONE')) not null default 'NONE', "evidence" text collate "C" null);`,
  `alter table "commitment" add constraint "commitment_code_unique" unique ("code");`,
  `create index "commitment_actor_id_index" on "commitment" ("actor_id");`,
  `create index "commitment_due_date_end_index" on "commitment" ("due_date_end");`,
  `create index "commitment_status_index" on "commitment" ("status");`,
  `create table "progress_update" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "document" text collate "C" null, "section" text collate "C" null, "code" text collate "C" not null, "commitment_id" int not null, "summary" text collate "C" not null, "evidence_links" jsonb not null, "evidence" text collate "C" null, "period_start" text collate "C" null, "period_end" text collate "C" null, "reported_at" timestamptz not null, "reported_by_id" int not null, "new_status" text collate "C" check ("new_status" in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) null, "status_reason" text collate "C" null, "expected_version" int null, "state" text collate "C" check ("state" in ('DRAFT', 'PUBLISHED')) not null default 'PUBLISHED', "published_at" timestamptz null, "sequence" int null);`,
  `alter table "progress_update" add constraint "progress_update_code_unique" unique ("code");`,
  `alter table "progress_update" add constraint "progress_update_sequence_unique" unique ("sequence");`,
  `create index "progress_update_commitment_id_state_index" on "progress_update" ("commitment_id", "state");`,
  `create table "status_change" ("id" serial primary key, "commitment_id" int not null, "from_status" text collate "C" check ("from_status" in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) null, "to_status" text collate "C" check ("to_status" in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) not null, "at" timestamptz not null, "by_id" int not null, "reason" text collate "C" null, "sequence" int not null, "progress_update_id" int null, "document" text collate "C" null, "evidence" text collate "C" null);`,
  `alter table "status_change" add constraint "status_change_sequence_unique" unique ("sequence");`,
  `create table "commitment_recommendations" ("commitment_id" int not null, "recommendation_id" int not null, "kind" text collate "C" check ("kind" in ('RESPONDS_TO', 'CONTRIBUTES_TO')) not null default 'RESPONDS_TO', "evidence" text collate "C" null, constraint "commitment_recommendations_pkey" primary key ("commitment_id", "recommendation_id"));`,
  `create table "assessment" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "commitment_id" int not null, "author_id" int not null, "assessor_id" int null, "rating" text collate "C" check ("rating" in ('NOT_IMPLEMENTED', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'INSUFFICIENT_INFORMATION')) not null, "summary" text collate "C" not null, "evidence_links" jsonb not null, "assessed_at" timestamptz not null);`,
  `create index "assessment_commitment_id_index" on "assessment" ("commitment_id");`,
  `create table "watch" ("id" serial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "archived_at" timestamptz null, "created_by_id" int null, "updated_by_id" int null, "user_id" int not null, "name" text collate "C" not null, "filter" jsonb not null);`,
  `create index "watch_archived_at_index" on "watch" ("archived_at");`,
  `create index "watch_user_id_index" on "watch" ("user_id");`,
  `alter table "app_user" add constraint "app_user_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "app_user" add constraint "app_user_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "app_user" add constraint "app_user_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete set null;`,
  `alter table "source" add constraint "source_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "source" add constraint "source_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "recommendation" add constraint "recommendation_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "recommendation" add constraint "recommendation_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "recommendation" add constraint "recommendation_source_id_foreign" foreign key ("source_id") references "source" ("id") on update cascade;`,
  `alter table "recommendation_link" add constraint "recommendation_link_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "recommendation_link" add constraint "recommendation_link_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "recommendation_link" add constraint "recommendation_link_from_id_foreign" foreign key ("from_id") references "recommendation" ("id") on update cascade;`,
  `alter table "recommendation_link" add constraint "recommendation_link_to_id_foreign" foreign key ("to_id") references "recommendation" ("id") on update cascade;`,
  `alter table "recommendation_code_alias" add constraint "recommendation_code_alias_recommendation_id_foreign" foreign key ("recommendation_id") references "recommendation" ("id") on update cascade on delete cascade;`,
  `alter table "idempotency_record" add constraint "idempotency_record_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
  `alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
  `alter table "actor" add constraint "actor_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "actor" add constraint "actor_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "actor" add constraint "actor_parent_id_foreign" foreign key ("parent_id") references "actor" ("id") on update cascade on delete set null;`,
  `alter table "source_organisers" add constraint "source_organisers_source_id_foreign" foreign key ("source_id") references "source" ("id") on update cascade on delete cascade;`,
  `alter table "source_organisers" add constraint "source_organisers_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade on delete cascade;`,
  `alter table "responsibility" add constraint "responsibility_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "responsibility" add constraint "responsibility_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "responsibility" add constraint "responsibility_recommendation_id_foreign" foreign key ("recommendation_id") references "recommendation" ("id") on update cascade;`,
  `alter table "responsibility" add constraint "responsibility_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade;`,
  `alter table "commitment" add constraint "commitment_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "commitment" add constraint "commitment_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "commitment" add constraint "commitment_actor_id_foreign" foreign key ("actor_id") references "actor" ("id") on update cascade;`,
  `alter table "progress_update" add constraint "progress_update_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "progress_update" add constraint "progress_update_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "progress_update" add constraint "progress_update_commitment_id_foreign" foreign key ("commitment_id") references "commitment" ("id") on update cascade;`,
  `alter table "progress_update" add constraint "progress_update_reported_by_id_foreign" foreign key ("reported_by_id") references "app_user" ("id") on update cascade;`,
  `alter table "status_change" add constraint "status_change_commitment_id_foreign" foreign key ("commitment_id") references "commitment" ("id") on update cascade;`,
  `alter table "status_change" add constraint "status_change_by_id_foreign" foreign key ("by_id") references "app_user" ("id") on update cascade;`,
  `alter table "status_change" add constraint "status_change_progress_update_id_foreign" foreign key ("progress_update_id") references "progress_update" ("id") on update cascade on delete set null;`,
  `alter table "commitment_recommendations" add constraint "commitment_recommendations_commitment_id_foreign" foreign key ("commitment_id") references "commitment" ("id") on update cascade on delete cascade;`,
  `alter table "commitment_recommendations" add constraint "commitment_recommendations_recommendation_id_foreign" foreign key ("recommendation_id") references "recommendation" ("id") on update cascade on delete cascade;`,
  `alter table "assessment" add constraint "assessment_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "assessment" add constraint "assessment_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "assessment" add constraint "assessment_commitment_id_foreign" foreign key ("commitment_id") references "commitment" ("id") on update cascade;`,
  `alter table "assessment" add constraint "assessment_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade;`,
  `alter table "assessment" add constraint "assessment_assessor_id_foreign" foreign key ("assessor_id") references "actor" ("id") on update cascade on delete set null;`,
  `alter table "watch" add constraint "watch_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "watch" add constraint "watch_updated_by_id_foreign" foreign key ("updated_by_id") references "app_user" ("id") on update cascade on delete set null;`,
  `alter table "watch" add constraint "watch_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`,
];

/** Full-text columns, in weight order (A first): as recommendationSearch and commitmentSearch. */
const SEARCH: [table: string, columns: string[]][] = [
  ['recommendation', ['code', 'title', 'text', 'section']],
  ['commitment', ['code', 'title', 'description']],
];

const LIVE = 'where archived_at is null';

const READ_INDEXES: [name: string, table: string, columns: string, where: string][] = [
  ['commitment_live_code_index', 'commitment', 'code', LIVE],
  ['commitment_live_due_index', 'commitment', `(coalesce(due_date_end, '9999-12-31'))`, LIVE],
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

/**
 * A weighted tsvector over `columns` in text search configuration `config`. Every run of
 * characters other than letters and digits separates words, as in FTS5's tokenizer (the default
 * parser would read "NAT-08" as the word "nat" and the number "-08").
 */
function vector(config: string, columns: string[]): string {
  return columns
    .map((c, i) => `setweight(to_tsvector('${config}', regexp_replace(coalesce("${c}", ''), '[^[:alnum:]]+', ' ', 'g')), '${'ABCD'[i]}')`)
    .join(' || ');
}

/**
 * The two text search configurations: `tracker_english` stems (`english`), `tracker_simple` keeps
 * words as typed (quoted phrases); both drop accents first (`unaccent`), as FTS5's remove_diacritics.
 */
const SEARCH_CONFIGURATIONS = [
  'create extension if not exists unaccent;',
  'create text search configuration tracker_english (copy = english);',
  'alter text search configuration tracker_english alter mapping for hword, hword_part, word with unaccent, english_stem;',
  'create text search configuration tracker_simple (copy = simple);',
  'alter text search configuration tracker_simple alter mapping for hword, hword_part, word with unaccent, simple;',
];

const CREDENTIAL_TRIGGERS: [name: string, table: string, event: string, when: string, insert: string][] = [
  [
    'token_revoked',
    'api_token',
    'update of revoked_at',
    'old.revoked_at is null and new.revoked_at is not null',
    `('TOKEN_REVOKED', new.user_id, new.id)`,
  ],
  ['token_deleted', 'api_token', 'delete', 'old.revoked_at is null', `('TOKEN_REVOKED', old.user_id, old.id)`],
  [
    'user_disabled',
    'app_user',
    'update of disabled_at',
    'old.disabled_at is null and new.disabled_at is not null',
    `('USER_DISABLED', new.id, null)`,
  ],
  [
    'user_enabled',
    'app_user',
    'update of disabled_at',
    'old.disabled_at is not null and new.disabled_at is null',
    `('USER_ENABLED', new.id, null)`,
  ],
];

export class Migration20261130000000_postgresql_initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of TABLES) this.addSql(statement);
    for (const [name, table, columns, where] of READ_INDEXES) this.addSql(`create index "${name}" on "${table}" (${columns}) ${where};`);
    for (const statement of SEARCH_CONFIGURATIONS) this.addSql(statement);
    for (const [table, columns] of SEARCH) {
      this.addSql(
        `alter table "${table}" add column "search_vector" tsvector generated always as (${vector('tracker_english', columns)}) stored;`,
      );
      this.addSql(
        `alter table "${table}" add column "search_words" tsvector generated always as (${vector('tracker_simple', columns)}) stored;`,
      );
      this.addSql(`create index "${table}_search_vector_index" on "${table}" using gin ("search_vector");`);
      this.addSql(`create index "${table}_search_words_index" on "${table}" using gin ("search_words");`);
    }
    this.addSql(
      `create table "credential_change" ("id" serial primary key, "kind" text collate "C" not null check ("kind" in ('TOKEN_REVOKED', 'USER_DISABLED', 'USER_ENABLED')), "user_id" int not null, "token_id" int null);`,
    );
    for (const [name, table, event, when, values] of CREDENTIAL_TRIGGERS) {
      const row = event === 'delete' ? 'old' : 'new';
      this.addSql(`create function credential_change_${name}() returns trigger language plpgsql as $$
        begin
          insert into credential_change (kind, user_id, token_id) values ${values};
          return ${row};
        end $$;`);
      this.addSql(`create trigger credential_change_${name} after ${event} on "${table}" for each row
        when (${when}) execute function credential_change_${name}();`);
    }
  }
}
