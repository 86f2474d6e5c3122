/**
 * The dashboard at `/`: totals and charts of commitments by status (overall, per source, per
 * country), the status timeline, and the lists a follow-up needs (latest status changes,
 * overdue commitments, reports due), under filters kept in the URL. Everything comes from the
 * public GraphQL API; one query draws the first view, then subscriptions keep it current.
 */
import { query } from './api.js';
import { h, fill, words, statusBadge, day, link, commitmentHref, recommendationHref } from './dom.js';
import { readFilters, filtersQuery, commitmentFilter, eventFilter, hasFilters } from './filters.js';
import { countsByStatus, statusBars, stackedRows, stackedBars, timelineChart, STATUSES } from './charts.js';
import { connectLive, subscribeStats, subscribeStatusChanges } from './live.js';
import { startPage, setLiveState, announce } from './page.js';

/** How many latest status changes the list shows. */
const RECENT = 10;
/** How many overdue commitments and reports due the lists show (their totals are always shown). */
const LIST_SIZE = 25;
/** The timeline's span, in months (the API allows at most 120). */
const TIMELINE_MONTHS = 120;

const STATS_FIELDS = `total bucketSum buckets { count keys { dimension value label } } subtotals { count bucketSum key { dimension value label } }`;

export const CHANGE_FIELDS = `id sequence at fromStatus toStatus reason
  by { name }
  commitment { code title actor { code name } recommendations(first: 20) { edges { node { code } } } }`;

const COMMITMENT_ROW = `code title status dueDate nextReportDue isOverdue isReportOverdue actor { code name }`;

const DASHBOARD_QUERY = `query Dashboard($filter: CommitmentFilter, $overdue: CommitmentFilter, $reportDue: CommitmentFilter, $from: Date!, $to: Date!, $recent: Int!, $listSize: Int!) {
  byStatus: commitmentStats(filter: $filter, groupBy: [STATUS]) { ${STATS_FIELDS} }
  bySource: commitmentStats(filter: $filter, groupBy: [SOURCE, STATUS]) { ${STATS_FIELDS} }
  byCountry: commitmentStats(filter: $filter, groupBy: [COUNTRY, STATUS]) { ${STATS_FIELDS} }
  timeline: statusTimeline(filter: $filter, from: $from, to: $to) { month total counts { status count } }
  ${LISTS_FIELDS()}
  recent: statusChanges(filter: $filter, first: $recent) { totalCount edges { node { ${CHANGE_FIELDS} } } }
  sources(first: 100) { edges { node { code name } } }
  actors: commitmentStats(groupBy: [ACTOR]) { buckets { keys { value label } } }
  countries: commitmentStats(groupBy: [COUNTRY]) { buckets { keys { value } } }
  themes: commitmentStats(groupBy: [THEME]) { buckets { keys { value } } }
}`;

function LISTS_FIELDS() {
  return `overdue: commitments(filter: $overdue, first: $listSize, orderBy: { field: DUE_DATE, direction: ASC }) { totalCount edges { node { ${COMMITMENT_ROW} } } }
  reportDue: commitments(filter: $reportDue, first: $listSize, orderBy: { field: DUE_DATE, direction: ASC }) { totalCount edges { node { ${COMMITMENT_ROW} } } }`;
}

/** What is refetched after a change: the parts no subscription pushes (timeline and lists). */
const REFRESH_QUERY = `query DashboardRefresh($filter: CommitmentFilter, $overdue: CommitmentFilter, $reportDue: CommitmentFilter, $from: Date!, $to: Date!, $listSize: Int!) {
  timeline: statusTimeline(filter: $filter, from: $from, to: $to) { month total counts { status count } }
  ${LISTS_FIELDS()}
}`;

/** The first day of the month `monthsBack` months before today's, and today (UTC). */
function timelineSpan(today = new Date()) {
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (TIMELINE_MONTHS - 1), 1));
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

const countryLabel = (key) => key.value ?? 'No country (international bodies)';
const sourceLabel = (key) => key.label ?? key.value ?? 'No source';
/** Source names run to a sentence: the chart shows the code, its table the name. */
const sourceCode = (key) => key.value ?? 'No source';

class Dashboard {
  constructor(root, filters) {
    this.root = root;
    this.filters = filters;
    this.filter = commitmentFilter(filters);
    this.span = timelineSpan();
    /** The latest status changes, newest first; `seen` keeps a change from showing twice. */
    this.recent = [];
    this.seen = new Set();
    this.lastSequence = 0;
    this.refreshTimer = null;
  }

  variables() {
    return {
      filter: this.filter,
      overdue: { ...this.filter, overdue: true },
      reportDue: { ...this.filter, reportDue: true },
      from: this.span.from,
      to: this.span.to,
      listSize: LIST_SIZE,
    };
  }

  async load() {
    const data = await query(DASHBOARD_QUERY, { ...this.variables(), recent: RECENT });
    this.renderFrame(data);
    this.renderStatus(data.byStatus);
    this.renderBreakdown('by-source', 'Commitments per source, by status', data.bySource, sourceLabel, sourceCode);
    this.renderBreakdown('by-country', 'Commitments per country, by status', data.byCountry, countryLabel);
    this.renderTimeline(data.timeline);
    this.renderLists(data);
    for (const edge of data.recent.edges) this.addChange(edge.node);
    this.renderRecent();
    this.root.setAttribute('aria-busy', 'false');
    this.root.dataset.ready = 'true';
    // Read by `npm run bench -- web`: the time from navigation to the first full view.
    performance.mark('first-view');
  }

  /** The page's sections, once; later renders replace their contents only (focus stays put). */
  renderFrame(data) {
    const section = (id, title, ...rest) =>
      h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...rest);
    fill(
      this.root,
      h('h1', {}, 'Follow-up of commitments'),
      h(
        'p',
        { class: 'lead' },
        'What governments, organisations and others committed to in answer to the recommendations on ending the sexual exploitation and abuse of children, and where each commitment stands.',
      ),
      this.filterForm(data),
      section('totals', 'Totals', h('div', { id: 'totals-body' })),
      h(
        'div',
        { class: 'grid' },
        section('status', 'By status', h('div', { id: 'status-body' })),
        section('recent', 'Latest status changes', h('div', { id: 'recent-body', 'aria-live': 'polite' })),
      ),
      section('by-source', 'Per source', h('div', { id: 'by-source-body' })),
      section('by-country', 'Per country', h('div', { id: 'by-country-body' })),
      section('timeline', 'Status over time', h('div', { id: 'timeline-body' })),
      h(
        'div',
        { class: 'grid' },
        section('overdue', 'Overdue commitments', h('div', { id: 'overdue-body' })),
        section('report-due', 'Reports due', h('div', { id: 'report-due-body' })),
      ),
    );
  }

  filterForm(data) {
    const select = (name, label, options) => {
      const chosen = this.filters[name];
      // A value in the URL that the lists do not offer (an archived actor, a typo) stays selectable.
      for (const value of chosen) if (!options.some((option) => option.value === value)) options.push({ value, label: value });
      return h(
        'div',
        { class: 'field' },
        h('label', { for: `filter-${name}` }, label),
        h(
          'select',
          { id: `filter-${name}`, name },
          h('option', { value: '' }, 'All'),
          options.map((option) => h('option', { value: option.value, selected: chosen.includes(option.value) }, option.label)),
        ),
      );
    };
    const sources = data.sources.edges.map(({ node }) => ({ value: node.code, label: node.name.length > 70 ? `${node.code}` : node.name }));
    const actors = data.actors.buckets
      .map(({ keys: [key] }) => ({ value: key.value, label: key.label ?? key.value }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const countries = data.countries.buckets
      .map(({ keys: [key] }) => key.value)
      .filter(Boolean)
      .sort()
      .map((value) => ({ value, label: value }));
    const themes = data.themes.buckets
      .map(({ keys: [key] }) => key.value)
      .filter(Boolean)
      .sort()
      .map((value) => ({ value, label: words(value) }));
    const form = h(
      'form',
      { class: 'filters', method: 'get', action: '/', role: 'search', 'aria-label': 'Filters' },
      select('source', 'Source', sources),
      select('country', 'Country', countries),
      select('actor', 'Actor', actors),
      select('theme', 'Theme', themes),
      h(
        'div',
        { class: 'field actions' },
        h('button', { type: 'submit' }, 'Apply'),
        hasFilters(this.filters) ? link('/', 'Clear filters') : null,
      ),
    );
    // Empty choices leave the URL: ?country=IT, not ?source=&country=IT&actor=&theme=.
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = {};
      for (const [name, value] of new FormData(form)) if (value) (chosen[name] ??= []).push(String(value));
      window.location.assign(`/${filtersQuery(chosen)}`);
    });
    return form;
  }

  renderStatus(stats) {
    const counts = countsByStatus(stats.buckets);
    this.counts = counts;
    this.total = stats.total;
    this.renderTotals();
    fill(document.getElementById('status-body'), statusBars('Commitments by status', counts));
  }

  renderTotals() {
    const item = (key, label, value, href) =>
      h(
        'div',
        { class: `total total-${key}` },
        h('dt', {}, label),
        h('dd', { 'data-total': key }, href ? link(href, String(value)) : String(value)),
      );
    fill(
      document.getElementById('totals-body'),
      h(
        'dl',
        { class: 'totals' },
        item('ALL', 'Commitments', this.total ?? 0),
        STATUSES.map((status) => item(status, words(status), this.counts?.[status] ?? 0)),
        item('OVERDUE', 'Overdue', this.overdueCount ?? 0, '#overdue'),
        item('REPORT_DUE', 'Reports due', this.reportDueCount ?? 0, '#report-due'),
      ),
    );
  }

  renderBreakdown(id, title, stats, labelOf, shortLabelOf) {
    const note =
      stats.bucketSum > stats.total
        ? `A commitment that answers recommendations of several ${id === 'by-source' ? 'sources' : 'kinds'} counts in each: the bars add up to ${stats.bucketSum}, for ${stats.total} commitments.`
        : undefined;
    fill(document.getElementById(`${id}-body`), stackedBars(title, stackedRows(stats, labelOf, shortLabelOf), { note }));
  }

  renderTimeline(months) {
    fill(
      document.getElementById('timeline-body'),
      timelineChart(`Commitments by status at the end of each month, ${this.span.from.slice(0, 7)} to ${this.span.to.slice(0, 7)}`, months),
    );
  }

  renderLists(data) {
    this.overdueCount = data.overdue.totalCount;
    this.reportDueCount = data.reportDue.totalCount;
    this.renderTotals();
    fill(
      document.getElementById('overdue-body'),
      commitmentTable(data.overdue, 'Due', (c) => c.dueDate ?? '—', 'No overdue commitments.'),
    );
    fill(
      document.getElementById('report-due-body'),
      commitmentTable(data.reportDue, 'Report due', (c) => c.nextReportDue ?? '—', 'No progress report is due.'),
    );
  }

  /** Keeps the RECENT newest changes by date (a replayed older change sorts below, or out). */
  addChange(change) {
    if (this.seen.has(change.id)) return false;
    this.seen.add(change.id);
    this.lastSequence = Math.max(this.lastSequence, change.sequence ?? 0);
    this.recent.push(change);
    this.recent.sort((a, b) => (a.at === b.at ? b.sequence - a.sequence : a.at < b.at ? 1 : -1));
    this.recent.length = Math.min(this.recent.length, RECENT);
    return this.recent.includes(change);
  }

  renderRecent() {
    const body = document.getElementById('recent-body');
    if (!this.recent.length) return void fill(body, h('p', {}, 'No status change matches the filters.'));
    fill(
      body,
      h(
        'ol',
        { class: 'changes' },
        this.recent.map((change) => {
          const commitment = change.commitment;
          const codes = commitment.recommendations.edges.map(({ node }) => node.code);
          return h(
            'li',
            { 'data-sequence': change.sequence },
            h('p', { class: 'change-head' }, h('time', { datetime: change.at }, day(change.at)), ' ', commitment.actor.name),
            h('p', {}, link(commitmentHref(commitment.code), commitment.title)),
            h(
              'p',
              { class: 'change-status' },
              change.fromStatus ? [statusBadge(change.fromStatus), ' → '] : 'First status: ',
              statusBadge(change.toStatus),
            ),
            change.reason ? h('p', { class: 'reason' }, h('span', { class: 'visually-hidden' }, 'Reason: '), change.reason) : null,
            codes.length
              ? h(
                  'p',
                  { class: 'codes' },
                  'Recommendations: ',
                  codes.map((code, i) => [i ? ', ' : '', link(recommendationHref(code), code)]),
                )
              : null,
          );
        }),
      ),
    );
  }

  /** Timeline and lists change with any status change: refetched once for a burst of them. */
  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(async () => {
      try {
        const data = await query(REFRESH_QUERY, this.variables());
        this.renderTimeline(data.timeline);
        this.renderLists(data);
      } catch (err) {
        announce(`Could not refresh: ${err.message}`);
      }
    }, 300);
  }

  goLive() {
    const client = connectLive({
      onState: setLiveState,
      // Whatever changed while the socket was down: the stats subscriptions push their current
      // value on resubscribe and the changes replay from `after`; the rest is refetched.
      onReconnected: () => this.scheduleRefresh(),
    });
    // How many pushes arrived (read by the browser test, to know the subscriptions are running).
    const counted = (render) => (stats) => {
      this.root.dataset.statsPushes = String(Number(this.root.dataset.statsPushes ?? 0) + 1);
      render(stats);
    };
    subscribeStats(
      client,
      this.filter,
      ['STATUS'],
      counted((stats) => this.renderStatus(stats)),
    );
    subscribeStats(
      client,
      this.filter,
      ['SOURCE', 'STATUS'],
      counted((stats) => this.renderBreakdown('by-source', 'Commitments per source, by status', stats, sourceLabel, sourceCode)),
    );
    subscribeStats(
      client,
      this.filter,
      ['COUNTRY', 'STATUS'],
      counted((stats) => this.renderBreakdown('by-country', 'Commitments per country, by status', stats, countryLabel)),
    );
    subscribeStatusChanges(client, eventFilter(this.filters), this.lastSequence, CHANGE_FIELDS, (event) => {
      if (!event.statusChange) return;
      if (this.addChange(event.statusChange)) {
        this.renderRecent();
        announce(`${event.statusChange.commitment.title}: now ${words(event.statusChange.toStatus)}`);
      }
      this.scheduleRefresh();
    });
  }
}

function commitmentTable(connection, dateLabel, dateOf, empty) {
  if (!connection.totalCount) return h('p', {}, empty);
  const shown = connection.edges.length;
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'list' },
      h('caption', {}, `${shown < connection.totalCount ? `${shown} of ${connection.totalCount}` : connection.totalCount}, by due date`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Commitment'),
          h('th', { scope: 'col' }, 'Actor'),
          h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, dateLabel),
        ),
      ),
      h(
        'tbody',
        {},
        connection.edges.map(({ node }) =>
          h(
            'tr',
            {},
            h('td', {}, link(commitmentHref(node.code), node.title)),
            h('td', {}, node.actor.name),
            h('td', {}, statusBadge(node.status)),
            h('td', { class: 'date' }, dateOf(node)),
          ),
        ),
      ),
    ),
  );
}

startPage(async (root) => {
  const dashboard = new Dashboard(root, readFilters());
  await dashboard.load();
  dashboard.goLive();
});
