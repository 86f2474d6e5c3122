/**
 * Plain SVG charts, small enough to own: bars by status, bars stacked by status (per source,
 * per country) and the monthly timeline. Each chart is an image with a title for screen readers
 * and comes with a table holding the same numbers (the accessible alternative, and what a
 * reader copies). Colours come from CSS classes named after the status, and every colour is
 * repeated in words by the legend.
 */
import { h, svg, words } from './dom.js';

export const STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'PARTIALLY_IMPLEMENTED', 'IMPLEMENTED', 'STALLED', 'WITHDRAWN'];

let chartIds = 0;

function legend() {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    STATUSES.map((status) => h('li', {}, h('span', { class: `swatch status-${status}` }), words(status))),
  );
}

function tableAlternative(caption, head, rows) {
  return h(
    'details',
    { class: 'table-alternative' },
    h('summary', {}, 'Show as a table'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        {},
        h('caption', {}, caption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            head.map((cell, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, cell)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((row) =>
            h(
              'tr',
              {},
              row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: 'num' }, cell))),
            ),
          ),
        ),
      ),
    ),
  );
}

function figure(title, summary, image, table) {
  const id = `chart-${++chartIds}`;
  image.setAttribute('role', 'img');
  image.setAttribute('aria-labelledby', `${id}-title ${id}-desc`);
  image.prepend(svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, summary));
  return h('figure', { class: 'chart' }, h('figcaption', {}, title), image, legend(), table);
}

/** Counts by status from commitmentStats(groupBy: [STATUS]) buckets, every status present. */
export function countsByStatus(buckets) {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  for (const bucket of buckets) counts[bucket.keys[0].value] = bucket.count;
  return counts;
}

/** One bar per status, in the enum's order. */
export function statusBars(title, counts) {
  const max = Math.max(1, ...Object.values(counts));
  const rowHeight = 26;
  const labelWidth = 170;
  const width = 600;
  const barSpace = width - labelWidth - 50;
  const image = svg(
    'svg',
    { viewBox: `0 0 ${width} ${STATUSES.length * rowHeight}`, class: 'chart-svg', preserveAspectRatio: 'xMinYMin meet' },
    STATUSES.map((status, i) => {
      const y = i * rowHeight;
      const barWidth = (counts[status] / max) * barSpace;
      return svg(
        'g',
        {},
        svg('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', class: 'axis-label' }, words(status)),
        svg('rect', { x: labelWidth, y: y + 4, width: Math.max(barWidth, 0), height: rowHeight - 8, class: `status-${status}` }),
        svg('text', { x: labelWidth + barWidth + 6, y: y + 17, class: 'value-label' }, counts[status]),
      );
    }),
  );
  const summary = STATUSES.map((status) => `${words(status)}: ${counts[status]}`).join(', ');
  return figure(
    title,
    summary,
    image,
    tableAlternative(
      title,
      ['Status', 'Commitments'],
      STATUSES.map((status) => [words(status), counts[status]]),
    ),
  );
}

/**
 * Groups commitmentStats(groupBy: [X, STATUS]) into rows: per value of X (in the order of the
 * subtotals, largest first) its count (each commitment once) and its counts by status.
 */
export function stackedRows(stats, labelOf, shortLabelOf = labelOf) {
  const rows = new Map();
  const rowOf = (key, count) => ({ key: key.value, label: labelOf(key), short: shortLabelOf(key), count, byStatus: {} });
  for (const subtotal of stats.subtotals) rows.set(subtotal.key.value, rowOf(subtotal.key, subtotal.count));
  for (const bucket of stats.buckets) {
    const [first, status] = bucket.keys;
    let row = rows.get(first.value);
    if (!row) {
      row = rowOf(first, 0);
      rows.set(first.value, row);
    }
    row.byStatus[status.value] = (row.byStatus[status.value] ?? 0) + bucket.count;
  }
  return [...rows.values()];
}

/** One bar per row, stacked by status, labelled with the row's count. */
export function stackedBars(title, rows, { note } = {}) {
  const max = Math.max(1, ...rows.map((row) => STATUSES.reduce((sum, status) => sum + (row.byStatus[status] ?? 0), 0)));
  const rowHeight = 26;
  const labelWidth = 230;
  const width = 640;
  const barSpace = width - labelWidth - 50;
  const image = svg(
    'svg',
    { viewBox: `0 0 ${width} ${Math.max(1, rows.length) * rowHeight}`, class: 'chart-svg', preserveAspectRatio: 'xMinYMin meet' },
    rows.map((row, i) => {
      const y = i * rowHeight;
      let x = labelWidth;
      const segments = STATUSES.filter((status) => row.byStatus[status]).map((status) => {
        const segmentWidth = (row.byStatus[status] / max) * barSpace;
        const rect = svg(
          'rect',
          { x, y: y + 4, width: segmentWidth, height: rowHeight - 8, class: `status-${status}` },
          svg('title', {}, `${row.label}: ${words(status)} ${row.byStatus[status]}`),
        );
        x += segmentWidth;
        return rect;
      });
      const shortLabel = row.short.length > 30 ? `${row.short.slice(0, 29)}…` : row.short;
      return svg(
        'g',
        {},
        svg('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', class: 'axis-label' }, svg('title', {}, row.label), shortLabel),
        segments,
        svg('text', { x: x + 6, y: y + 17, class: 'value-label' }, row.count),
      );
    }),
  );
  const summary = rows.map((row) => `${row.label}: ${row.count}`).join(', ');
  const table = tableAlternative(
    title,
    ['', ...STATUSES.map(words), 'Commitments'],
    rows.map((row) => [row.label, ...STATUSES.map((status) => row.byStatus[status] ?? 0), row.count]),
  );
  const result = figure(title, summary || 'No commitments', image, table);
  if (note) result.querySelector('figcaption').after(h('p', { class: 'note' }, note));
  return result;
}

/** The monthly timeline as columns stacked by status; one column per month. */
export function timelineChart(title, months) {
  const width = 720;
  const height = 220;
  const bottom = 24;
  const left = 36;
  const max = Math.max(1, ...months.map((month) => month.total));
  const columnWidth = (width - left) / Math.max(1, months.length);
  const scale = (count) => (count / max) * (height - bottom - 8);
  const columns = months.map((month, i) => {
    let y = height - bottom;
    const x = left + i * columnWidth;
    const segments = month.counts
      .filter((count) => count.count > 0)
      .map((count) => {
        const segmentHeight = scale(count.count);
        y -= segmentHeight;
        return svg('rect', { x, y, width: Math.max(columnWidth - 0.5, 0.5), height: segmentHeight, class: `status-${count.status}` });
      });
    const label = i % 12 === 0 ? svg('text', { x, y: height - 6, class: 'axis-label small' }, month.month.slice(0, 4)) : null;
    return svg('g', {}, svg('title', {}, `${month.month}: ${month.total}`), segments, label);
  });
  const image = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart-svg timeline', preserveAspectRatio: 'xMinYMin meet' },
    svg('text', { x: left - 6, y: 14, 'text-anchor': 'end', class: 'axis-label small' }, max),
    svg('text', { x: left - 6, y: height - bottom, 'text-anchor': 'end', class: 'axis-label small' }, 0),
    svg('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, class: 'axis' }),
    columns,
  );
  const first = months[0];
  const last = months[months.length - 1];
  const summary = last
    ? `From ${first.month} (${first.total} commitments) to ${last.month} (${last.total}): ` +
      last.counts.map((count) => `${words(count.status)} ${count.count}`).join(', ')
    : 'No months';
  const table = tableAlternative(
    title,
    ['Month', ...STATUSES.map(words), 'Total'],
    [...months].reverse().map((month) => {
      const byStatus = Object.fromEntries(month.counts.map((count) => [count.status, count.count]));
      return [month.month, ...STATUSES.map((status) => byStatus[status] ?? 0), month.total];
    }),
  );
  return figure(title, summary, image, table);
}
