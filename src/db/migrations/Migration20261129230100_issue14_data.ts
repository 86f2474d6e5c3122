import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14's corrections for databases seeded before them (a fresh database gets them from
 * seeds/; on it these statements change nothing). Written out as they were on 2026-11-29,
 * independent of later seed files:
 * - link kinds: the seeded commitments' links become CONTRIBUTES_TO, except the answers a
 *   document states (RESPONDS_TO, with the passage);
 * - actors of international kinds lose their country (a seat is not a jurisdiction);
 * - reporting: frequencies and dates only where a document states them; `reported_on` (the
 *   document's date) for seeded commitments, so reports are never due from the install date;
 * - mentions once recorded as progress are archived (kept, with their sequence numbers);
 * - the background paper's own analysis (LANZAROTE-CONVENTION-TOOLS-*) moves to its own source
 *   BACKGROUND-PAPER-2012 with new codes; the old codes become aliases, and saved watches that
 *   name them are rewritten;
 * - one body, one actor: Save the Children Italy's parent, the observatory's commitment.
 * Changed commitments get a new version, so a client holding the old one gets CONFLICT.
 */
const SEEDED_COMMITMENTS = [
  'AL-CRCA-SAFER-INTERNET-PLATFORM',
  'CHILDREN-SUPPORT-CENTER-PROTECT-AND-RESPECT-ME',
  'COE-CSO-ENGAGEMENT',
  'COE-EUROPEAN-DAY-2019',
  'COE-FREE-TO-SPEAK-SAFE-TO-LEARN',
  'COE-LANZAROTE-IMPLEMENTATION-SUPPORT',
  'COE-ONE-IN-FIVE-CAMPAIGN',
  'COE-PROJECT-END-OCSEA-EUROPE',
  'COE-PROJECT-GEORGIA',
  'COE-PROJECT-MOLDOVA',
  'COE-PROJECT-PROTECTING-CHILDREN-AGAINST-VIOLENCE',
  'COE-STANDARDS-GUIDELINES-CAMPAIGN-2008',
  'COE-START-TO-TALK',
  'DE-TERRE-DES-HOMMES-TOYS-CAMPAIGN',
  'EC-CHILD-HELPLINE-116111',
  'ECPAT-LANZAROTE-OBSERVER',
  'END-VIOLENCE-FUND-END-OCSEA-EUROPE',
  'ESLOVENSKO-SHEEPLIVE',
  'GE-PHF-CHILD-CONSULTATIONS',
  'GT-SEXUAL-VIOLENCE-LAW',
  'HR-CMEC-CHARTER-CHILDREN-INTERNET',
  'ICC-PROFESSIONAL-TRAINING-AND-VICTIM-SUPPORT',
  'IT-DEO-FUND-PUBLIC-NOTICE-1-2011',
  'IT-DEO-NATIONAL-CARE-GUIDELINES',
  'IT-DEO-PEDOPHILIA-COORDINATION-COMMITTEE',
  'IT-DEO-PROTECTION-INITIATIVES-2001-2009',
  'IT-DGCS-MEDIA-BUDGET-LINE',
  'IT-DGCS-NIGERIA-ITALY-TRAFFICKING',
  'IT-DGCS-SESACA-STRATEGY',
  'IT-DGCS-TACRO-II',
  'IT-EXPERTS-TRAFFICKING-OFFER',
  'IT-LANZAROTE-RATIFICATION',
  'IT-LAW-269-1998',
  'IT-MFA-GUIDELINES-ON-MINORS',
  'IT-ODG-CARTA-DI-TREVISO',
  'IT-ODG-CARTA-DI-TREVISO-2006-COMMITMENTS',
  'IT-PEDOPHILIA-OBSERVATORY-CREATED',
  'IT-PNA-NAPTIP-MOU',
  'IT-RESIDENCE-PERMITS',
  'IT-SAVE-THE-CHILDREN-DICAM',
  'IT-TERRE-DES-HOMMES-TOYS-CAMPAIGN-ITALY',
  'IWF-CSAM-REMOVAL',
  'LANZAROTE-COMMITTEE-CAPACITY-BUILDING',
  'LANZAROTE-COMMITTEE-MONITORING-ROUND-1',
  'LANZAROTE-COMMITTEE-MONITORING-ROUND-2',
  'LANZAROTE-SECRETARIAT-CHILD-CONSULTATION-METHODOLOGY',
  'MA-LANZAROTE-ACCESSION',
  'MD-CRIC-CHILDRENS-REPORT',
  'MD-LA-STRADA-CSA-ONLINE-CAMPAIGN',
  'MICROSOFT-CETS',
  'NGO-GROUP-CRC-ALTERNATE-REPORTING',
  'RELIABLE-FUTURE-REHABILITATION-CENTRE',
  'RS-CHILD-RIGHTS-CENTRE-CHILDRENS-REPORT',
  'SV-PROCEDURAL-PENAL-CODE',
  'THE-CODE-TRAVEL-AND-TOURISM',
  'UA-WOMENS-CONSORTIUM-CHILD-CONSULTATIONS',
  'UN-CRC-COMMITTEE-ART34-MONITORING',
  'UNICEF-IRC-OMBUDS-NETWORK',
  'UNICEF-TACRO-I',
  'VIRTUAL-GLOBAL-TASKFORCE-PARTNERSHIP',
];
/** [commitment, recommendation, evidence]: the seeded links a document states as answers. */
const ANSWERS: [string, string, string][] = [
  [
    'IT-DGCS-MEDIA-BUDGET-LINE',
    'FLORENCE-2008-ITA-04',
    'To this aim the Italian Cooperation has inserted in every financed program a budget line for the realization of documentaries, photographic materials publications and national or international events.',
  ],
  [
    'IT-EXPERTS-TRAFFICKING-OFFER',
    'FLORENCE-2008-ITA-02',
    'Italy welcomes the participation of its major experts coming from the different institutions involved in the fight to the traffic with a view to get the whole system involved in this fundamental task to contrast this enormous phenomenon.',
  ],
  [
    'LANZAROTE-COMMITTEE-CAPACITY-BUILDING',
    'LANZAROTE-CONVENTION-ART-41',
    'In addition, the Lanzarote Committee also engages in capacity building, facilitation of collection and exchange of information and good practices.',
  ],
  [
    'UN-CRC-COMMITTEE-ART34-MONITORING',
    'STOCKHOLM-1996-DECL-01',
    'It consistently urges States to take into consideration the recommendations adopted at the 1996 1st World Congress against Commercial Sexual Exploitation of Children.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-04',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-05',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-06',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-07',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-08',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-09',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-10',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-11',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-12',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-13',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-14',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'IT-DGCS-SESACA-STRATEGY',
    'IT-DGCS-GUIDELINES-GL-15',
    'One of the items considered a priority by the Guidelines is sexual exploitation of children and child trafficking.',
  ],
  [
    'UNICEF-TACRO-I',
    'STOCKHOLM-1996-AGENDA-01',
    'Both phases sought to consolidate the agreements reached at the 1st World Congress against Commercial Sexual Exploitation of Children held in Stockholm in 1996 and subsequent international and regional monitoring conferences in Yokohama, Montevideo and San José de Costa Rica.',
  ],
  [
    'UNICEF-TACRO-I',
    'STOCKHOLM-1996-AGENDA-04',
    'Both phases sought to consolidate the agreements reached at the 1st World Congress against Commercial Sexual Exploitation of Children held in Stockholm in 1996 and subsequent international and regional monitoring conferences in Yokohama, Montevideo and San José de Costa Rica.',
  ],
  [
    'IT-DGCS-TACRO-II',
    'STOCKHOLM-1996-AGENDA-01',
    'Both phases sought to consolidate the agreements reached at the 1st World Congress against Commercial Sexual Exploitation of Children held in Stockholm in 1996 and subsequent international and regional monitoring conferences in Yokohama, Montevideo and San José de Costa Rica.',
  ],
  [
    'IT-DGCS-TACRO-II',
    'STOCKHOLM-1996-AGENDA-04',
    'Both phases sought to consolidate the agreements reached at the 1st World Congress against Commercial Sexual Exploitation of Children held in Stockholm in 1996 and subsequent international and regional monitoring conferences in Yokohama, Montevideo and San José de Costa Rica.',
  ],
  [
    'IT-DGCS-TACRO-II',
    'YOKOHAMA-2001-GC-02',
    'Both phases sought to consolidate the agreements reached at the 1st World Congress against Commercial Sexual Exploitation of Children held in Stockholm in 1996 and subsequent international and regional monitoring conferences in Yokohama, Montevideo and San José de Costa Rica.',
  ],
  [
    'IT-DGCS-TACRO-II',
    'YOKOHAMA-2001-GC-05',
    'Both phases sought to consolidate the agreements reached at the 1st World Congress against Commercial Sexual Exploitation of Children held in Stockholm in 1996 and subsequent international and regional monitoring conferences in Yokohama, Montevideo and San José de Costa Rica.',
  ],
];
/** The date of each source document (seeds/documents.json). */
const DOCUMENT_DATES: Record<string, string> = {
  '000_a699d9e61640ea19.txt': '2012-11-30',
  '001_d27a5eeeb1265c3a.txt': '2012-11',
  '002_bc10e3de1f0714a4.txt': '2008-10-24',
  '003_261ab6646c8d99e8.txt': '2008-10',
  '004_b34a8641f89c97dd.txt': '2019-07-09',
};

const TOOLS = 'LANZAROTE-CONVENTION-TOOLS-';
const PAPER = 'BACKGROUND-PAPER-2012';
const now = "cast(strftime('%s', 'now') as integer) * 1000";
const list = (values: string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
const commitment = (code: string) => `(select id from commitment where code = '${code}')`;
const recommendation = (code: string) => `(select id from recommendation where code = '${code}')`;

export class Migration20261129230100_issue14_data extends Migration {
  override async up(): Promise<void> {
    // Link kinds.
    this.addSql(
      `update commitment_recommendations set kind = 'CONTRIBUTES_TO', evidence = null
       where commitment_id in (select id from commitment where code in (${list(SEEDED_COMMITMENTS)}))`,
    );
    for (const [c, r, evidence] of ANSWERS) {
      this.addSql(
        `update commitment_recommendations set kind = 'RESPONDS_TO', evidence = '${evidence.replace(/'/g, "''")}'
         where commitment_id = ${commitment(c)} and recommendation_id = ${recommendation(r)}`,
      );
    }

    // Country means jurisdiction.
    this.addSql(`update actor set country = null where kind in ('UN_AGENCY', 'INTERGOVERNMENTAL_ORGANISATION') and country is not null`);
    this.addSql(
      `update actor set description = 'UNICEF research centre seated in Florence, Italy; a UN office, so no country (a seat is not a jurisdiction).'
       where code = 'UNICEF-IRC' and description is null`,
    );
    this.addSql(
      `update actor set description = 'UNICEF regional office based in Panama; a UN office, so no country (a seat is not a jurisdiction).'
       where code = 'UNICEF-TACRO' and description is null`,
    );

    // Reporting: frequencies and dates only where a document states them.
    const bump = `version = version + 1, updated_at = ${now}`;
    this.addSql(
      `update commitment set reporting_frequency = 'NONE', ${bump} where code = 'COE-EUROPEAN-DAY-2019' and reporting_frequency = 'ANNUAL'`,
    );
    this.addSql(
      `update commitment set reporting_frequency = 'ANNUAL', ${bump} where code = 'THE-CODE-TRAVEL-AND-TOURISM' and reporting_frequency = 'NONE'`,
    );
    this.addSql(
      `update commitment set start_date = null, due_date = null, due_date_end = null,
       title = 'Promote, monitor and support the implementation of the Lanzarote Convention', ${bump}
       where code = 'COE-LANZAROTE-IMPLEMENTATION-SUPPORT' and start_date = '2016' and due_date = '2021'`,
    );
    for (const [document, date] of Object.entries(DOCUMENT_DATES)) {
      this.addSql(`update commitment set reported_on = '${date}' where document = '${document}' and reported_on is null`);
    }

    // Mentions recorded as progress: archived, not deleted.
    this.addSql(
      `update progress_update set archived_at = ${now}
       where (code like 'COE-PROJECT-%' or code = 'IWF-CSAM-REMOVAL-P1') and archived_at is null`,
    );

    // The background paper's own analysis gets its own source and codes; the old codes resolve.
    this.addSql(
      `insert into source (created_at, updated_at, code, name, kind, description, documents, document, section)
       select ${now}, ${now}, '${PAPER}', 'Background paper for the Rome conference on international cooperation against sexual exploitation and abuse of children (29-30 November 2012)', 'OTHER',
         'The paper''s own analysis of the tools of international cooperation for implementing the Lanzarote Convention (chapter 1): what the paper recommends or finds, not the Convention''s text. Its TOOLS records were first filed under LANZAROTE-CONVENTION; their former codes (LANZAROTE-CONVENTION-TOOLS-NN) still resolve.',
         '["001_d27a5eeeb1265c3a.txt"]', '001_d27a5eeeb1265c3a.txt', 'INTRODUCTION'
       where exists (select 1 from recommendation where code like '${TOOLS}%')
         and not exists (select 1 from source where code = '${PAPER}')`,
    );
    this.addSql(
      `insert into recommendation_code_alias (code, recommendation_id)
       select code, id from recommendation where code like '${TOOLS}%'`,
    );
    this.addSql(
      `update recommendation set code = replace(code, '${TOOLS}', '${PAPER}-TOOLS-'),
         source_id = (select id from source where code = '${PAPER}'), updated_at = ${now}
       where code like '${TOOLS}%'`,
    );
    this.addSql(
      `update source set description = 'Council of Europe treaty, opened for signature in Lanzarote (Spain) on 25 October 2007 and entered into force on 10 July 2010; open to States not members of the Council of Europe. startDate is the date of opening for signature. Article obligations are recorded as the Rome 2012 background paper quotes (Article 38) or paraphrases them. The paper''s own analysis of the tools of cooperation is the source BACKGROUND-PAPER-2012.'
       where code = 'LANZAROTE-CONVENTION' and description like '%TOOLS records%'`,
    );

    // Saved watches naming a recoded recommendation name its new code.
    const watches = (await this.execute('select id, filter from watch')) as { id: number; filter: unknown }[];
    for (const watch of watches) {
      const filter = (typeof watch.filter === 'string' ? JSON.parse(watch.filter) : watch.filter) as { recommendationCodes?: unknown };
      const codes = filter?.recommendationCodes;
      if (!Array.isArray(codes) || !codes.some((c) => typeof c === 'string' && c.startsWith(TOOLS))) continue;
      filter.recommendationCodes = codes.map((c) =>
        typeof c === 'string' && c.startsWith(TOOLS) ? c.replace(TOOLS, `${PAPER}-TOOLS-`) : c,
      );
      this.addSql(`update watch set filter = '${JSON.stringify(filter).replace(/'/g, "''")}' where id = ${Number(watch.id)}`);
    }

    // One body, one actor.
    this.addSql(
      `update actor set parent_id = (select id from actor where code = 'SAVE-THE-CHILDREN')
       where code = 'IT-SAVE-THE-CHILDREN' and parent_id is null`,
    );
    this.addSql(
      `update commitment set actor_id = (select id from actor where code = 'IT-OBSERVATORY-PAEDOPHILIA'), ${bump}
       where code = 'IT-PEDOPHILIA-OBSERVATORY-CREATED' and actor_id = (select id from actor where code = 'IT')
         and exists (select 1 from actor where code = 'IT-OBSERVATORY-PAEDOPHILIA')`,
    );
  }

  override async down(): Promise<void> {
    throw new Error('Issue 14 data corrections are not reversible');
  }
}
