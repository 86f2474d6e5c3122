import { Migration } from '@mikro-orm/migrations';

export class Migration20261124051204 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`event_counter\` (\`name\` text not null, \`value\` integer not null default 0, primary key (\`name\`));`);

    this.addSql(
      `create table \`app_user\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`email\` text not null, \`name\` text null, \`role\` text check (\`role\` in ('VIEWER', 'OMBUDSPERSON', 'CIVIL_SOCIETY', 'FOCAL_POINT', 'SECRETARIAT', 'ADMIN')) not null, \`actor_id\` integer null, \`country\` text null, \`disabled_at\` datetime null, constraint \`app_user_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`app_user_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`app_user_actor_id_foreign\` foreign key(\`actor_id\`) references \`actor\`(\`id\`) on delete set null on update cascade);`,
    );
    this.addSql(`create index \`app_user_archived_at_index\` on \`app_user\` (\`archived_at\`);`);
    this.addSql(`create index \`app_user_created_by_id_index\` on \`app_user\` (\`created_by_id\`);`);
    this.addSql(`create index \`app_user_updated_by_id_index\` on \`app_user\` (\`updated_by_id\`);`);
    this.addSql(`create unique index \`app_user_email_unique\` on \`app_user\` (\`email\`);`);
    this.addSql(`create index \`app_user_actor_id_index\` on \`app_user\` (\`actor_id\`);`);

    this.addSql(
      `create table \`source\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`document\` text null, \`section\` text null, \`code\` text not null, \`name\` text not null, \`kind\` text check (\`kind\` in ('WORLD_CONGRESS', 'CONSULTATION', 'CONFERENCE', 'TREATY', 'TREATY_BODY', 'MONITORING_BODY', 'UN_GENERAL_ASSEMBLY', 'OTHER')) not null, \`start_date\` text null, \`end_date\` text null, \`place\` text null, \`description\` text null, \`documents\` json not null, constraint \`source_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`source_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade);`,
    );
    this.addSql(`create index \`source_archived_at_index\` on \`source\` (\`archived_at\`);`);
    this.addSql(`create index \`source_created_by_id_index\` on \`source\` (\`created_by_id\`);`);
    this.addSql(`create index \`source_updated_by_id_index\` on \`source\` (\`updated_by_id\`);`);
    this.addSql(`create unique index \`source_code_unique\` on \`source\` (\`code\`);`);

    this.addSql(
      `create table \`recommendation\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`document\` text null, \`section\` text null, \`code\` text not null, \`title\` text not null, \`text\` text not null, \`is_summary\` integer not null default false, \`source_id\` integer not null, \`level\` text check (\`level\` in ('OVERARCHING', 'NATIONAL', 'REGIONAL', 'INTERNATIONAL', 'DONOR')) not null, \`themes\` json not null, \`addressees\` json not null, \`deadline\` text null, constraint \`recommendation_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`recommendation_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`recommendation_source_id_foreign\` foreign key(\`source_id\`) references \`source\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`recommendation_archived_at_index\` on \`recommendation\` (\`archived_at\`);`);
    this.addSql(`create index \`recommendation_created_by_id_index\` on \`recommendation\` (\`created_by_id\`);`);
    this.addSql(`create index \`recommendation_updated_by_id_index\` on \`recommendation\` (\`updated_by_id\`);`);
    this.addSql(`create unique index \`recommendation_code_unique\` on \`recommendation\` (\`code\`);`);
    this.addSql(`create index \`recommendation_source_id_index\` on \`recommendation\` (\`source_id\`);`);
    this.addSql(`create index \`recommendation_source_id_code_index\` on \`recommendation\` (\`source_id\`, \`code\`);`);

    this.addSql(
      `create table \`recommendation_link\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`from_id\` integer not null, \`to_id\` integer not null, \`relation\` text check (\`relation\` in ('REITERATES', 'FOLLOWS_UP')) not null, constraint \`recommendation_link_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`recommendation_link_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`recommendation_link_from_id_foreign\` foreign key(\`from_id\`) references \`recommendation\`(\`id\`) on update cascade, constraint \`recommendation_link_to_id_foreign\` foreign key(\`to_id\`) references \`recommendation\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`recommendation_link_archived_at_index\` on \`recommendation_link\` (\`archived_at\`);`);
    this.addSql(`create index \`recommendation_link_created_by_id_index\` on \`recommendation_link\` (\`created_by_id\`);`);
    this.addSql(`create index \`recommendation_link_updated_by_id_index\` on \`recommendation_link\` (\`updated_by_id\`);`);
    this.addSql(`create index \`recommendation_link_from_id_index\` on \`recommendation_link\` (\`from_id\`);`);
    this.addSql(`create index \`recommendation_link_to_id_index\` on \`recommendation_link\` (\`to_id\`);`);
    this.addSql(
      `create unique index \`recommendation_link_from_id_to_id_relation_unique\` on \`recommendation_link\` (\`from_id\`, \`to_id\`, \`relation\`);`,
    );

    this.addSql(
      `create table \`api_token\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`token_hash\` text not null, \`prefix\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime null, \`revoked_at\` datetime null, constraint \`api_token_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`api_token_user_id_index\` on \`api_token\` (\`user_id\`);`);
    this.addSql(`create unique index \`api_token_token_hash_unique\` on \`api_token\` (\`token_hash\`);`);

    this.addSql(
      `create table \`actor\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`document\` text null, \`section\` text null, \`code\` text not null, \`name\` text not null, \`kind\` text check (\`kind\` in ('STATE', 'GOVERNMENT_BODY', 'INTERGOVERNMENTAL_ORGANISATION', 'UN_AGENCY', 'DONOR_AGENCY', 'CIVIL_SOCIETY', 'OMBUDSPERSON', 'PRIVATE_SECTOR', 'MEDIA', 'RESEARCH', 'CHILDREN', 'OTHER')) not null, \`country\` text null, \`parent_id\` integer null, \`description\` text null, constraint \`actor_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`actor_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`actor_parent_id_foreign\` foreign key(\`parent_id\`) references \`actor\`(\`id\`) on delete set null on update cascade);`,
    );
    this.addSql(`create index \`actor_archived_at_index\` on \`actor\` (\`archived_at\`);`);
    this.addSql(`create index \`actor_created_by_id_index\` on \`actor\` (\`created_by_id\`);`);
    this.addSql(`create index \`actor_updated_by_id_index\` on \`actor\` (\`updated_by_id\`);`);
    this.addSql(`create unique index \`actor_code_unique\` on \`actor\` (\`code\`);`);
    this.addSql(`create index \`actor_country_index\` on \`actor\` (\`country\`);`);
    this.addSql(`create index \`actor_parent_id_index\` on \`actor\` (\`parent_id\`);`);

    this.addSql(
      `create table \`source_organisers\` (\`source_id\` integer not null, \`actor_id\` integer not null, constraint \`source_organisers_source_id_foreign\` foreign key(\`source_id\`) references \`source\`(\`id\`) on delete cascade on update cascade, constraint \`source_organisers_actor_id_foreign\` foreign key(\`actor_id\`) references \`actor\`(\`id\`) on delete cascade on update cascade, primary key (\`source_id\`, \`actor_id\`));`,
    );
    this.addSql(`create index \`source_organisers_source_id_index\` on \`source_organisers\` (\`source_id\`);`);
    this.addSql(`create index \`source_organisers_actor_id_index\` on \`source_organisers\` (\`actor_id\`);`);

    this.addSql(
      `create table \`responsibility\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`document\` text null, \`section\` text null, \`recommendation_id\` integer not null, \`actor_id\` integer not null, \`role\` text check (\`role\` in ('LEAD', 'SUPPORTING', 'MONITORING')) not null, constraint \`responsibility_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`responsibility_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`responsibility_recommendation_id_foreign\` foreign key(\`recommendation_id\`) references \`recommendation\`(\`id\`) on update cascade, constraint \`responsibility_actor_id_foreign\` foreign key(\`actor_id\`) references \`actor\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`responsibility_archived_at_index\` on \`responsibility\` (\`archived_at\`);`);
    this.addSql(`create index \`responsibility_created_by_id_index\` on \`responsibility\` (\`created_by_id\`);`);
    this.addSql(`create index \`responsibility_updated_by_id_index\` on \`responsibility\` (\`updated_by_id\`);`);
    this.addSql(`create index \`responsibility_recommendation_id_index\` on \`responsibility\` (\`recommendation_id\`);`);
    this.addSql(`create index \`responsibility_actor_id_index\` on \`responsibility\` (\`actor_id\`);`);
    this.addSql(
      `create unique index \`responsibility_recommendation_id_actor_id_role_unique\` on \`responsibility\` (\`recommendation_id\`, \`actor_id\`, \`role\`);`,
    );

    this.addSql(
      `create table \`commitment\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`document\` text null, \`section\` text null, \`code\` text not null, \`title\` text not null, \`description\` text null, \`actor_id\` integer not null, \`start_date\` text null, \`due_date\` text null, \`due_date_end\` text null, \`status\` text check (\`status\` in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) not null default 'NOT_STARTED', \`version\` integer not null default 1, \`reporting_frequency\` text check (\`reporting_frequency\` in ('MONTHLY', 'QUARTERLY', 'SEMIANNUAL', 'ANNUAL', 'NONE')) not null default 'NONE', \`evidence\` text null, constraint \`commitment_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`commitment_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`commitment_actor_id_foreign\` foreign key(\`actor_id\`) references \`actor\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`commitment_archived_at_index\` on \`commitment\` (\`archived_at\`);`);
    this.addSql(`create index \`commitment_created_by_id_index\` on \`commitment\` (\`created_by_id\`);`);
    this.addSql(`create index \`commitment_updated_by_id_index\` on \`commitment\` (\`updated_by_id\`);`);
    this.addSql(`create unique index \`commitment_code_unique\` on \`commitment\` (\`code\`);`);
    this.addSql(`create index \`commitment_actor_id_index\` on \`commitment\` (\`actor_id\`);`);
    this.addSql(`create index \`commitment_due_date_end_index\` on \`commitment\` (\`due_date_end\`);`);
    this.addSql(`create index \`commitment_status_index\` on \`commitment\` (\`status\`);`);

    this.addSql(
      `create table \`progress_update\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`document\` text null, \`section\` text null, \`code\` text not null, \`commitment_id\` integer not null, \`summary\` text not null, \`evidence_links\` json not null, \`evidence\` text null, \`period_start\` text null, \`period_end\` text null, \`reported_at\` datetime not null, \`reported_by_id\` integer not null, \`new_status\` text check (\`new_status\` in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) null, \`expected_version\` integer null, \`state\` text check (\`state\` in ('DRAFT', 'PUBLISHED')) not null default 'PUBLISHED', \`published_at\` datetime null, \`sequence\` integer null, constraint \`progress_update_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`progress_update_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`progress_update_commitment_id_foreign\` foreign key(\`commitment_id\`) references \`commitment\`(\`id\`) on update cascade, constraint \`progress_update_reported_by_id_foreign\` foreign key(\`reported_by_id\`) references \`app_user\`(\`id\`) on update cascade);`,
    );
    this.addSql(`create index \`progress_update_archived_at_index\` on \`progress_update\` (\`archived_at\`);`);
    this.addSql(`create index \`progress_update_created_by_id_index\` on \`progress_update\` (\`created_by_id\`);`);
    this.addSql(`create index \`progress_update_updated_by_id_index\` on \`progress_update\` (\`updated_by_id\`);`);
    this.addSql(`create unique index \`progress_update_code_unique\` on \`progress_update\` (\`code\`);`);
    this.addSql(`create index \`progress_update_commitment_id_index\` on \`progress_update\` (\`commitment_id\`);`);
    this.addSql(`create index \`progress_update_reported_by_id_index\` on \`progress_update\` (\`reported_by_id\`);`);
    this.addSql(`create unique index \`progress_update_sequence_unique\` on \`progress_update\` (\`sequence\`);`);
    this.addSql(`create index \`progress_update_commitment_id_state_index\` on \`progress_update\` (\`commitment_id\`, \`state\`);`);

    this.addSql(
      `create table \`status_change\` (\`id\` integer not null primary key autoincrement, \`commitment_id\` integer not null, \`from_status\` text check (\`from_status\` in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) null, \`to_status\` text check (\`to_status\` in ('NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN')) not null, \`at\` datetime not null, \`by_id\` integer not null, \`reason\` text null, \`sequence\` integer not null, \`progress_update_id\` integer null, \`document\` text null, \`evidence\` text null, constraint \`status_change_commitment_id_foreign\` foreign key(\`commitment_id\`) references \`commitment\`(\`id\`) on update cascade, constraint \`status_change_by_id_foreign\` foreign key(\`by_id\`) references \`app_user\`(\`id\`) on update cascade, constraint \`status_change_progress_update_id_foreign\` foreign key(\`progress_update_id\`) references \`progress_update\`(\`id\`) on delete set null on update cascade);`,
    );
    this.addSql(`create index \`status_change_commitment_id_index\` on \`status_change\` (\`commitment_id\`);`);
    this.addSql(`create index \`status_change_by_id_index\` on \`status_change\` (\`by_id\`);`);
    this.addSql(`create unique index \`status_change_sequence_unique\` on \`status_change\` (\`sequence\`);`);
    this.addSql(`create index \`status_change_progress_update_id_index\` on \`status_change\` (\`progress_update_id\`);`);

    this.addSql(
      `create table \`commitment_recommendations\` (\`commitment_id\` integer not null, \`recommendation_id\` integer not null, constraint \`commitment_recommendations_commitment_id_foreign\` foreign key(\`commitment_id\`) references \`commitment\`(\`id\`) on delete cascade on update cascade, constraint \`commitment_recommendations_recommendation_id_foreign\` foreign key(\`recommendation_id\`) references \`recommendation\`(\`id\`) on delete cascade on update cascade, primary key (\`commitment_id\`, \`recommendation_id\`));`,
    );
    this.addSql(`create index \`commitment_recommendations_commitment_id_index\` on \`commitment_recommendations\` (\`commitment_id\`);`);
    this.addSql(
      `create index \`commitment_recommendations_recommendation_id_index\` on \`commitment_recommendations\` (\`recommendation_id\`);`,
    );

    this.addSql(
      `create table \`assessment\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`archived_at\` datetime null, \`created_by_id\` integer null, \`updated_by_id\` integer null, \`commitment_id\` integer not null, \`author_id\` integer not null, \`assessor_id\` integer null, \`rating\` text check (\`rating\` in ('NOT_IMPLEMENTED', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'INSUFFICIENT_INFORMATION')) not null, \`summary\` text not null, \`evidence_links\` json not null, \`assessed_at\` datetime not null, constraint \`assessment_created_by_id_foreign\` foreign key(\`created_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`assessment_updated_by_id_foreign\` foreign key(\`updated_by_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, constraint \`assessment_commitment_id_foreign\` foreign key(\`commitment_id\`) references \`commitment\`(\`id\`) on update cascade, constraint \`assessment_author_id_foreign\` foreign key(\`author_id\`) references \`app_user\`(\`id\`) on update cascade, constraint \`assessment_assessor_id_foreign\` foreign key(\`assessor_id\`) references \`actor\`(\`id\`) on delete set null on update cascade);`,
    );
    this.addSql(`create index \`assessment_archived_at_index\` on \`assessment\` (\`archived_at\`);`);
    this.addSql(`create index \`assessment_created_by_id_index\` on \`assessment\` (\`created_by_id\`);`);
    this.addSql(`create index \`assessment_updated_by_id_index\` on \`assessment\` (\`updated_by_id\`);`);
    this.addSql(`create index \`assessment_commitment_id_index\` on \`assessment\` (\`commitment_id\`);`);
    this.addSql(`create index \`assessment_author_id_index\` on \`assessment\` (\`author_id\`);`);
    this.addSql(`create index \`assessment_assessor_id_index\` on \`assessment\` (\`assessor_id\`);`);
  }
}
