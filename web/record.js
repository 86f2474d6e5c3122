/**
 * The record pages: /recommendations/:code and /commitments/:code. Verbatim text with the
 * document and section it comes from, who is responsible, what was committed, progress with its
 * evidence, the full status history, and independent assessments beside the actor's own status.
 * A commitment page follows its commitment live and redraws on each of its status changes.
 */
import { query } from './api.js';
import { h, fill, words, statusBadge, day, link, commitmentHref, recommendationHref, externalLink } from './dom.js';
import { connectLive, subscribeStatusChanges } from './live.js';
import { startPage, setLiveState, announce } from './page.js';

const PAGE = 100;

const RECOMMENDATION_QUERY = `query RecommendationPage($code: String!) {
  recommendation(code: $code) {
    code title text isSummary document section deadline level themes addressees status archivedAt
    source { code name }
    responsibilities(first: ${PAGE}) { totalCount edges { node { role actor { code name country kind } } } }
    commitments(first: ${PAGE}) { totalCount edges { kind evidence node { code title status dueDate isOverdue actor { code name } } } }
    related { direction relation recommendation { code title } }
  }
}`;

const COMMITMENT_QUERY = `query CommitmentPage($code: String!) {
  commitment(code: $code) {
    code title description status version evidence document section archivedAt
    dueDate startDate reportedOn reportingFrequency nextReportDue isOverdue isReportOverdue
    actor { code name country kind parent { name } }
    recommendations(first: ${PAGE}) { totalCount edges { kind evidence node { code title source { code name } } } }
    progressUpdates(first: ${PAGE}, orderBy: { direction: DESC }) { totalCount edges { node {
      code state summary reportedAt publishedAt periodStart periodEnd newStatus evidenceLinks evidence document section reportedBy { name }
    } } }
    history(first: ${PAGE}) { totalCount edges { node { sequence at fromStatus toStatus reason evidence document by { name } } } }
    dueDateHistory { dueDate previousDueDate at reason by { name } }
    assessments(first: ${PAGE}) { totalCount edges { node { rating summary assessedAt evidenceLinks assessor { name } author { name } } } }
  }
}`;

/** A verbatim passage, with the document and section it is quoted from. */
function quoted(text, document, section, { summary = false } = {}) {
  return h(
    'figure',
    { class: 'verbatim' },
    h('blockquote', {}, text),
    h(
      'figcaption',
      {},
      summary ? 'As summarised in ' : 'From ',
      h('cite', {}, document ?? 'an unnamed document'),
      section ? [', section “', section, '”'] : '',
    ),
  );
}

function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function section(id, title, ...content) {
  return h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...content);
}

function notFound(main, kind, code) {
  document.title = `No ${kind} ${code} · Follow-up Tracker`;
  fill(main, h('h1', {}, `No ${kind} “${code}”`), h('p', {}, 'It may have been renamed or archived. ', link('/', 'Back to the dashboard')));
}

function renderRecommendation(main, r) {
  document.title = `${r.code}: ${r.title} · Follow-up Tracker`;
  fill(
    main,
    h('p', { class: 'breadcrumb' }, link('/', 'Dashboard'), ' › ', link(`/?source=${encodeURIComponent(r.source.code)}`, r.source.name)),
    h('h1', {}, h('span', { class: 'code' }, r.code), ' ', r.title),
    r.archivedAt ? h('p', { class: 'notice' }, `Archived on ${day(r.archivedAt)}.`) : null,
    facts([
      ['Status', h('span', { class: `badge status-${r.status}` }, words(r.status))],
      ['Source', r.source.name],
      ['Level', words(r.level)],
      ['Themes', r.themes.map((theme, i) => [i ? ', ' : '', link(`/?theme=${theme}`, words(theme))])],
      ['Addressed to', r.addressees.map(words).join(', ')],
      ['Deadline', r.deadline],
    ]),
    section('text', 'Text', quoted(r.text, r.document, r.section, { summary: r.isSummary })),
    section(
      'responsible',
      'Responsible actors',
      r.responsibilities.totalCount
        ? h(
            'ul',
            {},
            r.responsibilities.edges.map(({ node }) =>
              h('li', {}, link(`/?actor=${encodeURIComponent(node.actor.code)}`, node.actor.name), ` (${words(node.role)})`),
            ),
          )
        : h('p', {}, 'No actor is named responsible.'),
    ),
    section(
      'commitments',
      'Commitments',
      r.commitments.totalCount
        ? h(
            'div',
            { class: 'table-scroll' },
            h(
              'table',
              { class: 'list' },
              h('caption', {}, `${r.commitments.totalCount} commitment${r.commitments.totalCount === 1 ? '' : 's'}`),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Commitment', 'Actor', 'Status', 'Due', 'Link'].map((title) => h('th', { scope: 'col' }, title)),
                ),
              ),
              h(
                'tbody',
                {},
                r.commitments.edges.map(({ node, kind }) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, link(commitmentHref(node.code), node.title)),
                    h('td', {}, node.actor.name),
                    h('td', {}, statusBadge(node.status), node.isOverdue ? [' ', h('span', { class: 'badge overdue' }, 'Overdue')] : null),
                    h('td', { class: 'date' }, node.dueDate ?? '—'),
                    h('td', {}, kind === 'RESPONDS_TO' ? 'Answers it' : 'Contributes to it'),
                  ),
                ),
              ),
            ),
          )
        : h('p', {}, 'No commitment answers it yet.'),
    ),
    r.related.length
      ? section(
          'related',
          'Related recommendations',
          h(
            'ul',
            {},
            r.related.map((related) =>
              h(
                'li',
                {},
                related.direction === 'OUTGOING' ? `${words(related.relation)}: ` : `${words(related.relation)} by: `,
                link(recommendationHref(related.recommendation.code), related.recommendation.code),
                ` ${related.recommendation.title}`,
              ),
            ),
          ),
        )
      : null,
  );
}

function progressItem(update) {
  const draft = update.state === 'DRAFT';
  return h(
    'li',
    { class: draft ? 'progress draft' : 'progress' },
    h(
      'p',
      { class: 'change-head' },
      draft ? [h('span', { class: 'badge draft' }, 'Draft'), ' '] : null,
      h('time', { datetime: update.reportedAt }, day(update.reportedAt)),
      update.periodStart || update.periodEnd ? ` · period ${update.periodStart ?? '…'} to ${update.periodEnd ?? '…'}` : '',
      update.reportedBy?.name ? ` · reported by ${update.reportedBy.name}` : '',
    ),
    h('p', {}, update.summary),
    update.newStatus ? h('p', {}, 'Moves the status to ', statusBadge(update.newStatus)) : null,
    update.evidence ? quoted(update.evidence, update.document, update.section) : null,
    update.evidenceLinks.length
      ? h(
          'ul',
          { class: 'evidence-links', 'aria-label': 'Evidence' },
          update.evidenceLinks.map((url) => h('li', {}, externalLink(url))),
        )
      : null,
  );
}

function renderCommitment(main, c) {
  document.title = `${c.title} · Follow-up Tracker`;
  const actor = c.actor;
  fill(
    main,
    h('p', { class: 'breadcrumb' }, link('/', 'Dashboard'), ' › ', link(`/?actor=${encodeURIComponent(actor.code)}`, actor.name)),
    h('h1', {}, c.title),
    h('p', { class: 'code' }, c.code),
    c.archivedAt ? h('p', { class: 'notice' }, `Archived on ${day(c.archivedAt)}.`) : null,
    h(
      'div',
      { class: 'beside' },
      h(
        'section',
        { id: 'own-status', 'aria-labelledby': 'own-status-title', class: 'panel' },
        h('h2', { id: 'own-status-title' }, 'Status reported'),
        h('p', { class: 'big-status', 'data-status': c.status }, statusBadge(c.status)),
        c.isOverdue ? h('p', {}, h('span', { class: 'badge overdue' }, 'Overdue'), ` due ${c.dueDate}`) : null,
        c.isReportOverdue ? h('p', {}, h('span', { class: 'badge overdue' }, 'Report due'), ` since ${c.nextReportDue}`) : null,
      ),
      h(
        'section',
        { id: 'assessments', 'aria-labelledby': 'assessments-title', class: 'panel' },
        h('h2', { id: 'assessments-title' }, 'Independent assessments'),
        c.assessments.totalCount
          ? h(
              'ul',
              { class: 'assessments' },
              c.assessments.edges.map(({ node }) =>
                h(
                  'li',
                  {},
                  h(
                    'p',
                    {},
                    h('span', { class: `badge rating-${node.rating}` }, words(node.rating)),
                    ' ',
                    node.assessor?.name ?? node.author.name ?? '',
                    ', ',
                    day(node.assessedAt),
                  ),
                  h('p', {}, node.summary),
                  node.evidenceLinks.length
                    ? h(
                        'ul',
                        { class: 'evidence-links' },
                        node.evidenceLinks.map((url) => h('li', {}, externalLink(url))),
                      )
                    : null,
                ),
              ),
            )
          : h('p', {}, 'No independent assessment yet.'),
      ),
    ),
    facts([
      ['Actor', [actor.name, actor.parent ? ` (${actor.parent.name})` : '', actor.country ? `, ${actor.country}` : '']],
      ['Due', c.dueDate],
      ['Started', c.startDate],
      ['Reported on', c.reportedOn],
      ['Reporting', words(c.reportingFrequency)],
      ['Next report due', c.nextReportDue],
    ]),
    c.description ? h('p', {}, c.description) : null,
    c.evidence ? section('text', 'Text', quoted(c.evidence, c.document, c.section)) : null,
    section(
      'recommendations',
      'Recommendations it answers',
      c.recommendations.totalCount
        ? h(
            'ul',
            { class: 'recommendations' },
            c.recommendations.edges.map(({ node, kind, evidence }) =>
              h(
                'li',
                {},
                h(
                  'p',
                  {},
                  link(recommendationHref(node.code), node.code),
                  ` ${node.title} `,
                  h('span', { class: 'muted' }, `(${node.source.name}; ${kind === 'RESPONDS_TO' ? 'answers it' : 'contributes to it'})`),
                ),
                evidence ? h('blockquote', { class: 'link-evidence' }, evidence) : null,
              ),
            ),
          )
        : h('p', {}, 'None recorded.'),
    ),
    section(
      'progress',
      'Progress updates',
      c.progressUpdates.totalCount
        ? h(
            'ol',
            { class: 'changes', reversed: true },
            c.progressUpdates.edges.map(({ node }) => progressItem(node)),
          )
        : h('p', {}, 'No progress reported yet.'),
    ),
    // A due date quietly postponed is what an accountability page must not hide.
    section(
      'due-dates',
      'Due dates',
      c.dueDateHistory.length
        ? h(
            'div',
            { class: 'table-scroll' },
            h(
              'table',
              { class: 'list' },
              h('caption', {}, 'Every due date set, oldest first'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Set on', 'Due', 'Replaced', 'Reason', 'By'].map((title) => h('th', { scope: 'col' }, title)),
                ),
              ),
              h(
                'tbody',
                {},
                c.dueDateHistory.map((change) =>
                  h(
                    'tr',
                    {},
                    h('td', { class: 'date' }, day(change.at)),
                    h('td', { class: 'date' }, change.dueDate ?? 'none'),
                    h('td', { class: 'date' }, change.previousDueDate ?? '—'),
                    h('td', {}, change.reason ?? '—'),
                    h('td', {}, change.by?.name ?? '—'),
                  ),
                ),
              ),
            ),
          )
        : h('p', {}, 'No due date set.'),
    ),
    section(
      'history',
      'Status history',
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'list' },
          h('caption', {}, 'Every status change, oldest first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Date', 'From', 'To', 'Reason', 'By'].map((title) => h('th', { scope: 'col' }, title)),
            ),
          ),
          h(
            'tbody',
            {},
            c.history.edges.map(({ node }) =>
              h(
                'tr',
                { 'data-sequence': node.sequence },
                h('td', { class: 'date' }, day(node.at)),
                h('td', {}, node.fromStatus ? statusBadge(node.fromStatus) : '—'),
                h('td', {}, statusBadge(node.toStatus)),
                h('td', {}, node.reason ?? (node.evidence ? h('q', {}, node.evidence) : '—')),
                h('td', {}, node.by?.name ?? '—'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

startPage(async (main) => {
  const [, kind, rawCode] = window.location.pathname.split('/');
  const code = decodeURIComponent(rawCode ?? '');
  if (kind === 'recommendations') {
    const data = await query(RECOMMENDATION_QUERY, { code });
    if (!data.recommendation) notFound(main, 'recommendation', code);
    else renderRecommendation(main, data.recommendation);
  } else {
    const load = async () => {
      const data = await query(COMMITMENT_QUERY, { code });
      if (!data.commitment) notFound(main, 'commitment', code);
      else renderCommitment(main, data.commitment);
      return data.commitment;
    };
    const commitment = await load();
    if (commitment) {
      const last = commitment.history.edges.reduce((max, { node }) => Math.max(max, node.sequence), 0);
      const client = connectLive({ onState: setLiveState, onReconnected: () => load() });
      subscribeStatusChanges(client, { commitmentCodes: [commitment.code] }, last, 'id toStatus', async (event) => {
        await load();
        announce(`Status now ${words(event.statusChange?.toStatus)}`);
      });
    }
  }
  main.setAttribute('aria-busy', 'false');
  main.dataset.ready = 'true';
});
