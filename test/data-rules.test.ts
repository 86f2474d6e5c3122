/**
 * Issue 14's rules on the seeded data, through the API: country means jurisdiction; reports are
 * due from the documents' dates, never from the install date; frequencies only where stated;
 * mentions are not progress.
 */
import { startTestServer, type TestServer } from './support/server';
import { tokenFor } from './support/users';
import { Role } from '../src/domain/enums';
import { importCsv } from '../src/import/import';

let t: TestServer;
let secretariat: string;
beforeAll(async () => {
  t = await startTestServer();
  secretariat = await tokenFor(t, Role.SECRETARIAT);
});
afterAll(() => t.stop());

describe('country means jurisdiction', () => {
  it('keeps UN offices out of a country’s commitments', async () => {
    const res = await t.gql(`{ actor(code: "UNICEF-IRC") { country } tacro: actor(code: "UNICEF-TACRO") { country }
      commitments(first: 100, filter: { countryCodes: ["IT"] }) { edges { node { actor { code } } } } }`);
    expect(res.data.actor.country).toBeNull();
    expect(res.data.tacro.country).toBeNull();
    const actors = res.data.commitments.edges.map((e: any) => e.node.actor.code);
    expect(actors).toContain('IT-DGCS');
    expect(actors.some((a: string) => a.startsWith('UNICEF'))).toBe(false);
  });

  it('refuses a country on international kinds in createActor, updateActor and the import', async () => {
    const create = await t.gql(
      `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id } } }`,
      { input: { code: 'UN-OFFICE-X', name: 'A UN office', kind: 'UN_AGENCY', country: 'CH' } },
      secretariat,
    );
    expect(create.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
    const made = await t.gql(
      `mutation($input: CreateActorInput!) { createActor(input: $input) { actor { id } } }`,
      { input: { code: 'NGO-X', name: 'A national NGO', kind: 'CIVIL_SOCIETY', country: 'CH' } },
      secretariat,
    );
    expect(made.errors).toBeUndefined();
    const update = await t.gql(
      `mutation($input: UpdateActorInput!) { updateActor(input: $input) { actor { id } } }`,
      { input: { id: made.data.createActor.actor.id, kind: 'INTERGOVERNMENTAL_ORGANISATION' } },
      secretariat,
    );
    expect(update.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
    const report = await importCsv(
      t.services,
      'actors',
      Buffer.from('code,name,kind,country\r\nIGO-X,An IGO,INTERGOVERNMENTAL_ORGANISATION,FR\r\n'),
    );
    expect(report.problems).toEqual([{ line: 2, field: 'country', message: expect.stringMatching(/has no country/) }]);
  });
});

describe('reporting on the seeded data', () => {
  it('counts reports from the documents’ dates, so some are due on a fresh install; frequencies only where stated', async () => {
    const res =
      await t.gql(`{ due: commitments(first: 100, filter: { reportDue: true }) { edges { node { code nextReportDue reportingFrequency } } }
      day: commitment(code: "COE-EUROPEAN-DAY-2019") { reportingFrequency nextReportDue reportedOn }
      code: commitment(code: "THE-CODE-TRAVEL-AND-TOURISM") { reportingFrequency nextReportDue }
      support: commitment(code: "COE-LANZAROTE-IMPLEMENTATION-SUPPORT") { startDate dueDate isOverdue }
      overdue: commitments(filter: { overdue: true }) { edges { node { code dueDate } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.day).toEqual({ reportingFrequency: 'NONE', nextReportDue: null, reportedOn: '2019-07-09' });
    expect(res.data.code.reportingFrequency).toBe('ANNUAL');
    expect(res.data.due.edges.map((e: any) => e.node.code)).toContain('THE-CODE-TRAVEL-AND-TOURISM');
    expect(res.data.due.edges.every((e: any) => e.node.nextReportDue < '2026-11-24')).toBe(true);
    expect(res.data.support).toEqual({ startDate: null, dueDate: null, isOverdue: false });
    // Overdue only where a text states the end: the European Day (18 November 2019), the Strategy's
    // priority (2016-2021) and the Public Notice projects (November 2012 for 18 months).
    expect(res.data.overdue.edges.map((e: any) => e.node)).toEqual(
      expect.arrayContaining([
        { code: 'COE-EUROPEAN-DAY-2019', dueDate: '2019-11-18' },
        { code: 'COE-STRATEGY-2016-2021-VIOLENCE-PRIORITY', dueDate: '2021' },
        { code: 'IT-DEO-FUND-PUBLIC-NOTICE-1-2011', dueDate: '2014-05' },
      ]),
    );
    expect(res.data.overdue.edges).toHaveLength(3);
  });

  it('keeps mentions once recorded as progress archived, not deleted', async () => {
    const res = await t.gql(`{ commitment(code: "COE-PROJECT-MOLDOVA") { progressUpdates { totalCount } } }`);
    expect(res.data.commitment.progressUpdates.totalCount).toBe(0);
    const [row] = await t.services.orm.em
      .getConnection()
      .execute(`select archived_at, sequence from progress_update where code = 'COE-PROJECT-MOLDOVA-P1'`);
    expect(row.archived_at).not.toBeNull();
    expect(row.sequence).toEqual(expect.any(Number));
  });
});
