/**
 * The cheaper read path (issue 11) gives what the ORM's own path gave: loaders by id return the
 * entities `em.find` returns, and a request's context makes its EntityManager, loaders and
 * logger only when a resolver uses them.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { wrap, type EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { startTestServer, type TestServer } from './support/server';
import { fewestStatements } from './support/sql-counter';
import { listCommitments, listSources } from '../src/queries/lists';
import { findByIds } from '../src/loaders';
import { entitiesOfRows } from '../src/loaders/children';
import { CHILD_LISTS, childWindows } from '../src/queries/children';
import { createContext } from '../src/server/context';
import { Actor, Assessment, Commitment, ProgressUpdate, Recommendation, Responsibility, Source, StatusChange, User } from '../src/entities';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const fork = () => t.services.orm.em.fork() as EntityManager;
const snapshot = (entities: object[]) =>
  entities.map((e) => JSON.stringify([e.constructor.name, wrap(e).toObject(), wrap(e, true).__originalEntityData])).sort();

describe('findByIds', () => {
  const entities: EntityClass<{ id: number }>[] = [
    Source,
    Recommendation,
    Actor,
    Commitment,
    User,
    ProgressUpdate,
    Responsibility,
    StatusChange,
    Assessment,
  ];

  it.each(entities.map((e) => [e.name, e] as const))('gives the %s entities em.find gives', async (_name, entity) => {
    const ids = (await fork().find(entity, {}, { limit: 30, orderBy: { id: 'desc' } })).map((e) => e.id);
    const missing = 1_000_000;
    const expected = await fork().find(entity, { id: { $in: [...ids, missing] } });
    const em = fork();
    const found = await findByIds(em, entity, [...ids, missing]);
    expect(snapshot(found)).toEqual(snapshot(expected));
    // Managed as em.find's are: the identity map holds them, a second look gives the same objects.
    const again = await em.find(entity, { id: { $in: ids } });
    expect(new Set(again)).toEqual(new Set(found));
  });

  it('keeps what the request already changed, as em.find does (no refresh), and flushes pending changes of that entity first', async () => {
    const em = fork();
    const [source] = await em.find(Source, {}, { limit: 1 });
    source.name = 'Renamed in this request';
    const [again] = await findByIds(em, Source, [source.id]);
    expect(again).toBe(source);
    expect(again.name).toBe('Renamed in this request');
    // Auto flush: the pending change was written before the statement ran.
    const stored = await fork().findOneOrFail(Source, source.id);
    expect(stored.name).toBe('Renamed in this request');
  });

  it("reads a transaction's own uncommitted rows inside it", async () => {
    const [source] = await fork().find(Source, {}, { limit: 1 });
    await fork()
      .transactional(async (em) => {
        await em.nativeUpdate(Source, { id: source.id }, { name: 'Not committed' });
        const [inside] = await findByIds(em as EntityManager, Source, [source.id]);
        expect(inside.name).toBe('Not committed');
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    const [after] = await findByIds(fork(), Source, [source.id]);
    expect(after.name).toBe(source.name);
  });
});

describe('entitiesOfRows', () => {
  const snapshotOf = (e: object) => {
    const w = wrap(e, true);
    return JSON.stringify([
      e.constructor.name,
      wrap(e).toObject(),
      w.__originalEntityData,
      w.__managed,
      w.__initialized,
      w.__em === undefined,
    ]);
  };

  it('gives the entities em.map gives for the rows of a nested page, shared children once, refreshed from the row', async () => {
    const commitments = await fork().find(Commitment, { archivedAt: null }, { limit: 100, orderBy: { code: 'asc' } });
    const knex = fork().getKnex('read');
    const rows = await childWindows(
      knex,
      CHILD_LISTS.recommendationsOfCommitment,
      commitments.map((c) => c.id),
      { size: 20, direction: 'asc' },
    );
    const ids = rows.map((r) => r.row.id);
    expect(new Set(ids).size).toBeLessThan(ids.length); // some recommendations answer several commitments
    const viaMap = fork();
    // One of them is already loaded and changed in the request: em.map refreshes it from the row.
    const [changed] = await viaMap.find(Recommendation, { id: ids[0] as number });
    changed.text = 'changed in memory';
    const expected = rows.map((r) => viaMap.map(Recommendation, { ...r.row }));
    const viaRows = fork();
    const [changedToo] = await viaRows.find(Recommendation, { id: ids[0] as number });
    changedToo.text = 'changed in memory';
    const found = entitiesOfRows(
      viaRows,
      Recommendation,
      rows.map((r) => ({ ...r.row })),
    );
    expect(found.map(snapshotOf)).toEqual(expected.map(snapshotOf));
    expect(found[0]).toBe(changedToo);
    // The same object wherever the same recommendation appears, as the identity map gives it.
    ids.forEach((id, i) => expect(found[i]).toBe(found[ids.indexOf(id)]));
  });
});

describe('a top-level list', () => {
  it('reads its page and its entities in one statement', async () => {
    const res = await t.gql('{ sources(first: 5) { edges { node { code name } } } actors(first: 3) { edges { node { code } } } }');
    expect(res.errors).toBeUndefined();
    const { count, statements } = await fewestStatements(t.services.orm, () =>
      t.gql('{ sources(first: 5) { edges { node { code name } } } }').then((r) => expect(r.data.sources.edges).toHaveLength(5)),
    );
    expect({ count, statements }).toMatchObject({ count: 1 });
  });

  it('gives the entities the loader by id gives, and primes it with them', async () => {
    const listed = createContext(t.services, null);
    const page = await listCommitments(listed, undefined, { first: 30 });
    const loaded = createContext(t.services, null);
    const expected = await loaded.loaders.commitment.loadMany(page.edges.map((e) => e.node.id));
    expect(snapshot(page.edges.map((e) => e.node))).toEqual(snapshot(expected as object[]));
    const { count } = await fewestStatements(t.services.orm, async () => {
      const again = await listed.loaders.commitment.load(page.edges[0].node.id);
      expect(again).toBe(page.edges[0].node);
    });
    expect(count).toBe(0);
    // Archived sources stay out, as before.
    const sources = await listSources(createContext(t.services, null), undefined, { first: 100 });
    expect(sources.edges.every((e) => !e.node.archivedAt)).toBe(true);
  });
});

describe('a request context', () => {
  it('makes its EntityManager, loaders and logger only on first use, also when copied as Apollo copies it per operation', () => {
    const forks = jest.spyOn(t.services.orm.em, 'fork');
    const children = jest.spyOn(t.services.logger, 'child');
    try {
      const context = createContext(t.services, null);
      // Apollo Server clones the context value for each operation (Object.assign onto an object of the same prototype).
      const copy = Object.assign(Object.create(Object.getPrototypeOf(context)), context);
      expect(forks).not.toHaveBeenCalled();
      expect(children).not.toHaveBeenCalled();
      expect(copy.loaders.source).toBeDefined();
      expect(copy.em).toBe(copy.em);
      expect(forks).toHaveBeenCalledTimes(1);
      expect(copy.log).toBe(copy.log);
      expect(children).toHaveBeenCalledTimes(1);
      expect(copy.services).toBe(t.services);
    } finally {
      forks.mockRestore();
      children.mockRestore();
    }
  });

  it('answers a query without making an EntityManager when no resolver needs one', async () => {
    const forks = jest.spyOn(t.services.orm.em, 'fork');
    try {
      const res = await t.gql('{ __typename }');
      expect(res.data).toEqual({ __typename: 'Query' });
      expect(forks).not.toHaveBeenCalled();
    } finally {
      forks.mockRestore();
    }
  });
});

describe('the operation log line', () => {
  it('is written at LOG_LEVEL=info, with a child logger per request, and costs nothing below info', async () => {
    const lines: { msg?: string; requestId?: string; durationMs?: number }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(
          ...chunk
            .toString()
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        );
        done();
      },
    });
    const info = await startTestServer({ databasePath: t.databasePath, logger: pino({ level: 'info' }, sink) });
    try {
      const res = await info.gql('query Named { __typename }');
      expect(res.data).toEqual({ __typename: 'Query' });
      const logged = lines.filter((l) => l.msg === 'graphql operation');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ requestId: expect.any(String), durationMs: expect.any(Number) });
    } finally {
      await info.stop();
    }
    const children = jest.spyOn(t.services.logger, 'child');
    try {
      expect((await t.gql('query Named { __typename }')).data).toEqual({ __typename: 'Query' });
      expect(children).not.toHaveBeenCalled();
    } finally {
      children.mockRestore();
    }
  });
});
