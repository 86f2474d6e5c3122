/** The scope of commitments (lead actor and partners, country, source and recommendation codes, themes), read in one query. */
import type { EntityManager } from '@mikro-orm/knex';
import type { EventScope } from './events';
import { actorCountrySql } from '../queries/rules';
import { dialectOf } from '../queries/dialect';

export async function scopesOf(em: EntityManager, commitmentIds: number[]): Promise<Map<number, EventScope>> {
  if (commitmentIds.length === 0) return new Map();
  const { stringAgg, jsonArrayElements } = dialectOf(em);
  const rows: {
    id: number;
    code: string;
    actor_id: number;
    actor_code: string;
    country: string | null;
    sources: string | null;
    recs: string | null;
    themes: string | null;
    partner_ids: string | null;
    partner_codes: string | null;
  }[] = await em.getConnection(em.getTransactionContext() ? 'write' : 'read').execute(
    `select c.id, c.code, c.actor_id, a.code as actor_code, ${actorCountrySql('a', 'p')} as country,
       (select ${stringAgg('s.code', true)} from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
          join source s on s.id = r.source_id where cr.commitment_id = c.id) as sources,
       (select ${stringAgg('r.code')} from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id
          where cr.commitment_id = c.id) as recs,
       (select ${stringAgg('t.value', true)} from commitment_recommendations cr join recommendation r on r.id = cr.recommendation_id,
          ${jsonArrayElements('r.themes', 't')} where cr.commitment_id = c.id) as themes,
       (select ${stringAgg('cast(cp.actor_id as text)')} from commitment_partner cp where cp.commitment_id = c.id) as partner_ids,
       (select ${stringAgg('pa.code')} from commitment_partner cp join actor pa on pa.id = cp.actor_id
          where cp.commitment_id = c.id) as partner_codes
     from commitment c join actor a on a.id = c.actor_id left join actor p on p.id = a.parent_id
     where c.id in (${commitmentIds.map(() => '?').join(', ')})`,
    commitmentIds,
    'all',
    em.getTransactionContext(),
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        commitmentId: Number(r.id),
        commitmentCode: r.code,
        actorId: Number(r.actor_id),
        actorCode: r.actor_code,
        country: r.country,
        sourceCodes: r.sources ? r.sources.split(',') : [],
        recommendationCodes: r.recs ? r.recs.split(',') : [],
        themes: r.themes ? r.themes.split(',') : [],
        partnerActorIds: r.partner_ids ? r.partner_ids.split(',').map(Number) : [],
        partnerActorCodes: r.partner_codes ? r.partner_codes.split(',') : [],
      },
    ]),
  );
}
