// chipwatch dashboard: one script for every page, no build step, no framework.
// Every piece of text from the API is put into the page with text nodes (h() below), never as HTML,
// and links are only made from http(s) URLs and our own paths: hostile titles stay text.

const API = '/api/v1';

// ------------------------------------------------------------------ DOM helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'href') { const u = safeHref(v); if (u) el.setAttribute('href', u); }
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Our own paths, or absolute http(s) URLs; anything else (javascript:, data:) gives no link. */
function safeHref(u) {
  const s = String(u);
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  return /^https?:\/\//i.test(s) ? s : null;
}

const main = () => document.getElementById('main');
function render(...nodes) { const m = main(); m.replaceChildren(...nodes); }
function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$|:\d\dZ$/, ' UTC');
}
const enc = encodeURIComponent;
/** "1 article", "12 articles", "1,000+ articles": a list's total, with "+" when the API counted only that far (totalRelation gte). */
function countText(page, noun) {
  const atLeast = page.totalRelation === 'gte';
  return page.total.toLocaleString('en') + (atLeast ? '+' : '') + ' ' + noun + (page.total === 1 && !atLeast ? '' : 's');
}
function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

// ------------------------------------------------------------------ API

class ApiError extends Error { constructor(status, message) { super(message); this.status = status; } }

async function api(path, opts = {}) {
  const init = { method: opts.method || 'GET', headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (init.method !== 'GET') {
    init.headers['X-Chipwatch-Request'] = '1';
    if (opts.body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(opts.body); }
  }
  const res = await fetch(path.startsWith('/') ? path : API + '/' + path, init);
  if (res.status === 204) return null;
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    if (res.status === 401 && !location.pathname.startsWith('/login')) {
      throw new ApiError(401, (body && body.message) || 'the API token is needed: log in at /login');
    }
    throw new ApiError(res.status, (body && body.message) || res.statusText);
  }
  return body;
}

function errorBox(e) { return h('p', { class: 'error', role: 'alert' }, e.message || String(e)); }

// ------------------------------------------------------------------ shared pieces

function severity(s) { return h('span', { class: 'badge sev-' + s }, s); }

function entityChip(e) {
  const known = e.known !== false;
  return h('a', { class: 'chip' + (known ? '' : ' unknown'), href: '/entities/' + enc(e.id), title: known ? e.type : 'not in the gazetteer' },
    e.name || e.id, known ? null : ' (unknown)');
}

function eventLine(ev) {
  const salience = ev.salience || 'main';
  const parts = [h('strong', {}, ev.type), ev.direction ? ' ' + ev.direction : '', ' ',
    h('span', { class: 'muted small' }, (ev.confidence ?? 0).toFixed(2))];
  if (ev.salience) parts.push(' ', h('span', { class: 'badge', title: ev.salienceReason || '' }, salience));
  const li = h('li', { class: 'salience-' + salience }, parts);
  if (Array.isArray(ev.parties) && ev.parties.length) {
    li.append(h('div', { class: 'small' }, 'Parties: ', ev.parties.map(p =>
      h('span', { class: 'chip' + (p.known === false ? ' unknown' : '') }, p.name, p.direction ? ' · ' + p.direction : ''))));
  }
  if (ev.evidence) li.append(h('div', { class: 'small muted' }, '“', ev.evidence, '”'));
  return li;
}

function alertItem(a) {
  const art = a.article || {};
  return h('li', { class: 'item alert-item', 'data-id': a.alertId, tabindex: '-1' },
    h('div', { class: 'row' }, severity(a.severity),
      h('a', { class: 'title grow', href: '/alerts/' + enc(a.alertId) }, art.title || a.reason || a.alertId)),
    h('div', { class: 'meta' },
      h('span', {}, a.watchName || a.watchId), h('span', {}, art.source || ''), h('span', {}, fmtTime(art.publishedAt || a.triggeredAt)),
      a.kind !== 'match' ? h('span', { class: 'badge' }, a.kind) : null),
    a.reason ? h('div', { class: 'small muted' }, a.reason) : null);
}

function articleItem(a) {
  const text = (a.text || '').slice(0, 240);
  return h('li', { class: 'item result-item', 'data-id': a.id, tabindex: '-1' },
    h('a', { class: 'title', href: '/search?story=' + enc(a.storyId) + '&article=' + enc(a.id) }, a.title || '(no title)'),
    h('div', { class: 'meta' }, h('span', {}, a.sourceId), h('span', {}, fmtTime(a.publishedAt)), a.language ? h('span', {}, a.language) : null,
      a.firstInStory ? null : h('span', { class: 'badge' }, 'duplicate'),
      safeHref(a.url) ? h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, 'original') : null),
    text ? h('div', { class: 'small muted' }, text, (a.text || '').length > 240 ? '…' : '') : null,
    (a.entities || []).length ? h('div', {}, (a.entities || []).slice(0, 8).map(entityChip)) : null);
}

/** j/k or arrows move through the list's items, Enter opens the selected one. */
function keyboardList(list) {
  let index = -1;
  const items = () => [...list.querySelectorAll(':scope > .item')];
  const select = i => {
    const all = items();
    if (!all.length) return;
    index = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((el, j) => el.classList.toggle('selected', j === index));
    all[index].focus({ preventScroll: false });
  };
  const onKey = e => {
    if (!document.body.contains(list)) { document.removeEventListener('keydown', onKey); return; }
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName)) return;
    if (e.key === 'j' || e.key === 'ArrowDown') { select(index + 1); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'ArrowUp') { select(index - 1); e.preventDefault(); }
    else if (e.key === 'Enter' && index >= 0) { const a = items()[index]?.querySelector('a'); if (a) a.click(); }
  };
  document.addEventListener('keydown', onKey);
}

function focusSearchOnSlash(input) {
  const onKey = e => {
    if (!document.body.contains(input)) { document.removeEventListener('keydown', onKey); return; }
    if (e.key === '/' && document.activeElement !== input && !['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)) {
      e.preventDefault(); input.focus();
    }
  };
  document.addEventListener('keydown', onKey);
}

// ------------------------------------------------------------------ pages

async function alertsPage() {
  const params = new URLSearchParams(location.search);
  const watch = h('select', { id: 'filter-watch', 'aria-label': 'Watch' }, h('option', { value: '' }, 'All watches'));
  const sev = h('select', { id: 'filter-severity', 'aria-label': 'Severity' }, h('option', { value: '' }, 'Any severity'),
    ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'].map(s => h('option', { value: s }, s)));
  const q = h('input', { id: 'filter-q', type: 'search', placeholder: 'Filter (query)…  press /', class: 'grow', value: params.get('q') || '' });
  const live = h('span', { class: 'live', id: 'live' }, 'connecting');
  const list = h('ul', { class: 'list', id: 'alerts-list', 'aria-live': 'polite' });
  const more = h('button', { class: 'ghost', type: 'button', id: 'more' }, 'Older alerts');
  const status = h('p', { class: 'muted small', id: 'alerts-count' });
  render(h('div', { class: 'row' }, h('h1', { class: 'grow' }, 'Live alerts'), live),
    h('form', { class: 'panel row', id: 'alert-filters' }, watch, sev, q, h('button', { type: 'submit' }, 'Apply')),
    status, list, more);
  keyboardList(list);
  focusSearchOnSlash(q);
  try {
    const w = await api('watches');
    for (const x of w.watches) watch.append(h('option', { value: x.id }, x.name || x.id));
  } catch (e) { /* the list still works without watch names */ }
  watch.value = params.get('watch') || ''; sev.value = params.get('severity') || '';
  let next = null;
  const query = () => {
    const p = new URLSearchParams();
    if (watch.value) p.set('watch', watch.value);
    if (sev.value) p.set('severity', sev.value);
    if (q.value.trim()) p.set('q', q.value.trim());
    return p;
  };
  const load = async (append) => {
    const p = query(); p.set('limit', '50'); if (append && next) p.set('cursor', next);
    try {
      const page = await api('alerts?' + p);
      if (!append) list.replaceChildren();
      page.alerts.forEach(a => list.append(alertItem(a)));
      next = page.next; more.hidden = !next;
      status.textContent = countText(page, 'alert') + (p.has('q') || p.has('watch') || p.has('severity') ? ' matching' : '');
      if (!page.alerts.length && !append) list.append(h('li', { class: 'muted' }, 'No alerts yet. New ones appear here as they happen.'));
    } catch (e) { list.replaceChildren(h('li', {}, errorBox(e))); }
  };
  document.getElementById('alert-filters').addEventListener('submit', e => {
    e.preventDefault(); history.replaceState(null, '', '/?' + query()); load(false);
  });
  more.addEventListener('click', () => load(true));
  await load(false);
  const source = new EventSource(API + '/alerts/stream');
  const matches = a => (!watch.value || a.watchId === watch.value) && (!sev.value || a.severity === sev.value) && !q.value.trim();
  source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
  source.addEventListener('error', () => { live.textContent = 'reconnecting'; live.classList.remove('on'); });
  source.addEventListener('alert', ev => {
    if (!document.body.contains(list)) { source.close(); return; }
    const a = JSON.parse(ev.data);
    if (!matches(a) || list.querySelector('[data-id="' + CSS.escape(a.alertId) + '"]')) return;
    list.querySelector('li.muted')?.remove();
    const item = alertItem(a); item.classList.add('new'); list.prepend(item);
  });
}

function highlight(text, needle) {
  if (!needle) return [text];
  const i = text.indexOf(needle);
  if (i < 0) return [text];
  return [text.slice(0, i), h('mark', { id: 'evidence' }, needle), text.slice(i + needle.length)];
}

async function alertPage(id) {
  try {
    const a = await api('alerts/' + enc(id));
    const art = a.article || {};
    const parts = [h('div', { class: 'row' }, severity(a.severity), h('h1', { class: 'grow' }, art.title || a.alertId)),
      h('p', { class: 'muted' }, a.reason),
      h('dl', { class: 'kv panel' }, h('dt', {}, 'Watch'), h('dd', {}, h('a', { href: '/watches/' + enc(a.watchId) }, a.watchName || a.watchId)),
        h('dt', {}, 'Source'), h('dd', {}, art.source || '—'), h('dt', {}, 'Published'), h('dd', {}, fmtTime(art.publishedAt)),
        h('dt', {}, 'Triggered'), h('dd', {}, fmtTime(a.triggeredAt)),
        h('dt', {}, 'Original'), h('dd', {}, safeHref(art.url) ? h('a', { href: art.url, rel: 'noopener noreferrer', target: '_blank' }, art.url) : '—'))];
    const body = h('div', { class: 'cols' });
    const left = h('div', {}); const right = h('div', {});
    body.append(left, right);
    parts.push(body);
    right.append(h('h2', {}, 'Entities'), h('div', {}, (a.entities || []).map(entityChip)),
      h('h2', {}, 'Events'), h('ul', { class: 'list' }, (a.events || []).map(eventLine)));
    render(...parts);
    if (art.id) {
      try {
        const full = await api('articles/' + enc(art.id));
        right.querySelector('div').replaceChildren(...(full.entities || []).map(entityChip));
        left.append(h('h2', {}, 'Article'), h('div', { class: 'panel article-text', id: 'article-text' },
          highlight((full.title || '') + '\n\n' + (full.text || ''), a.evidence)));
      } catch (e) { left.append(errorBox(e)); }
    }
    if (a.storyId) {
      try {
        const story = await api('stories/' + enc(a.storyId));
        left.append(h('h2', {}, 'The story across sources'), h('ul', { class: 'list', id: 'story' }, story.articles.map(s =>
          h('li', { class: 'item' }, h('div', { class: 'title' }, s.article.title || s.article.id),
            h('div', { class: 'meta' }, h('span', {}, s.article.sourceId), h('span', {}, fmtTime(s.article.publishedAt)),
              safeHref(s.article.url) ? h('a', { href: s.article.url, rel: 'noopener noreferrer', target: '_blank' }, 'original') : null),
            h('div', { class: 'small muted' }, s.folded)))));
      } catch (e) { /* an alert without indexed articles (e.g. a spike) has no story */ }
    }
  } catch (e) { render(h('h1', {}, 'Alert'), errorBox(e)); }
}

async function searchPage() {
  const params = new URLSearchParams(location.search);
  const q = h('input', { id: 'search-input', type: 'search', class: 'grow', placeholder: 'Query, e.g. "Ascend 950" AND (DeepSeek OR Alibaba)',
    value: params.get('q') || '', 'aria-label': 'Query' });
  const entity = h('input', { id: 'search-entity', placeholder: 'entity id', value: params.get('entity') || '', 'aria-label': 'Entity' });
  const event = h('select', { id: 'search-event', 'aria-label': 'Event' }, h('option', { value: '' }, 'Any event'),
    ['LICENSE_CHANGE', 'ENTITY_LIST', 'EXPORT_RULE', 'DEMAND_SURGE', 'SUPPLY_SHORTAGE', 'CAPACITY_EXPANSION', 'FUNDING_IPO',
      'DOMESTIC_ADOPTION', 'SMUGGLING_ENFORCEMENT'].map(t => h('option', { value: t }, t)));
  event.value = params.get('event') || '';
  const since = h('input', { id: 'search-since', placeholder: 'since (7d, 2026-04-01)', value: params.get('since') || '', 'aria-label': 'Since' });
  const results = h('ul', { class: 'list', id: 'search-results' });
  const total = h('p', { class: 'muted small', id: 'search-total' });
  const more = h('button', { class: 'ghost', type: 'button', hidden: true }, 'More');
  const form = h('form', { class: 'panel', id: 'search-form' }, h('div', { class: 'row' }, q, h('button', { type: 'submit' }, 'Search')),
    h('div', { class: 'row' }, entity, event, since));
  render(h('h1', {}, 'Search articles'), form,
    h('p', { class: 'muted small' }, 'The watch query language: Lucene syntax, AND by default, title: and text: fields, "phrases", wild*, ~proximity.'),
    total, results, more);
  keyboardList(results); focusSearchOnSlash(q);
  let next = null;
  const build = () => {
    const p = new URLSearchParams();
    if (q.value.trim()) p.set('q', q.value.trim());
    if (entity.value.trim()) p.set('entity', entity.value.trim());
    if (event.value) p.set('event', event.value);
    if (since.value.trim()) p.set('since', since.value.trim());
    if (params.get('story')) p.set('story', params.get('story'));
    return p;
  };
  const run = async (append) => {
    const p = build(); if (append && next) p.set('cursor', next);
    try {
      const r = await api('articles?' + p);
      if (!append) results.replaceChildren();
      r.articles.forEach(a => results.append(articleItem(a)));
      total.textContent = countText(r, 'article');
      next = r.next; more.hidden = !next;
    } catch (e) { results.replaceChildren(h('li', {}, errorBox(e))); total.textContent = ''; }
  };
  form.addEventListener('submit', e => { e.preventDefault(); history.replaceState(null, '', '/search?' + build()); run(false); });
  more.addEventListener('click', () => run(true));
  await run(false);
}

async function entitiesPage() {
  const q = h('input', { id: 'entity-search', type: 'search', class: 'grow', placeholder: 'Name or id…', 'aria-label': 'Entity' });
  const list = h('ul', { class: 'list', id: 'entity-list' });
  render(h('h1', {}, 'Entities'), h('div', { class: 'panel row' }, q), list);
  keyboardList(list); focusSearchOnSlash(q);
  let latest = 0;
  const load = async () => {
    const mine = ++latest;
    try {
      const r = await api('entities?limit=100&q=' + enc(q.value.trim()));
      if (mine !== latest) return; // an answer to an older query
      list.replaceChildren(...r.entities.map(e => h('li', { class: 'item' },
        h('a', { class: 'title', href: '/entities/' + enc(e.id) }, e.name), ' ',
        h('span', { class: 'muted small' }, e.type || '', ' · ', e.articles, ' articles', e.known === false ? ' · not in the gazetteer' : ''))));
      if (!r.entities.length) list.append(h('li', { class: 'muted' }, 'No entity found.'));
    } catch (e) { list.replaceChildren(h('li', {}, errorBox(e))); }
  };
  q.addEventListener('input', debounce(load, 200));
  await load();
}

async function entityPage(id) {
  try {
    const d = await api('entities/' + enc(id));
    const e = d.entity;
    const chart = h('div', { class: 'chart', id: 'entity-chart', role: 'img', 'aria-label': 'Mentions per day' });
    render(h('h1', {}, e.name, ' ', h('span', { class: 'muted small' }, e.type || '')),
      h('dl', { class: 'kv panel' }, h('dt', {}, 'Id'), h('dd', {}, e.id),
        h('dt', {}, 'In the gazetteer'), h('dd', {}, e.known === false ? 'no (an organisation the tagger found)' : 'yes'),
        (e.ancestors || []).length ? [h('dt', {}, 'Part of'), h('dd', {}, e.ancestors.map(x => h('a', { class: 'chip', href: '/entities/' + enc(x) }, x)))] : null,
        h('dt', {}, 'Articles'), h('dd', {}, String(d.articles)),
        h('dt', {}, 'Spikes'), h('dd', {}, d.spikes.length ? d.spikes.map(s => h('span', { class: 'chip' }, s.day, ' · ', s.mentions)) : 'none')),
      h('h2', {}, 'Over time'),
      h('div', { class: 'panel' }, chart),
      h('div', { class: 'cols' },
        h('div', {}, h('h2', {}, 'Recent stories'), h('ul', { class: 'list', id: 'entity-stories' }, d.recentStories.map(s =>
          h('li', { class: 'item' }, h('a', { class: 'title', href: '/search?story=' + enc(s.storyId) }, s.title || s.id),
            h('div', { class: 'meta' }, h('span', {}, s.sourceId), h('span', {}, fmtTime(s.publishedAt))))))),
        h('div', {}, h('h2', {}, 'Mentioned with'), h('div', {}, d.coMentioned.map(c =>
          h('a', { class: 'chip', href: '/entities/' + enc(c.id) }, c.name, ' · ', c.count))),
          h('h2', {}, 'Alerts'), h('ul', { class: 'list' }, d.alerts.map(alertItem)))));
    drawChart(chart, d.mentionsFrom === 'entity.trends' ? d.mentionsByDay : [], d.articlesByDay, d.spikes);
  } catch (err) { render(h('h1', {}, 'Entity'), errorBox(err)); }
}

function drawChart(el, mentions, articles, spikes) {
  if (!mentions.length && !articles.length) { el.append(h('p', { class: 'muted' }, 'No mentions yet.')); return; }
  if (typeof window.uPlot !== 'function') { el.append(h('p', { class: 'muted' }, 'Chart library not loaded.')); return; }
  // one point per day from the first to the last day seen (at most two years), zero where nothing happened
  const DAY = 86400;
  const byDay = (list, field) => new Map(list.map(d => [Date.parse(d.day + 'T00:00:00Z') / 1000, d[field]]));
  const m = byDay(mentions, 'mentions'); const a = byDay(articles, 'articles');
  const all = [...m.keys(), ...a.keys()];
  const last = Math.max(...all); const first = Math.max(Math.min(...all), last - 730 * DAY);
  const xs = []; for (let t = first; t <= last; t += DAY) xs.push(t);
  const spikeDays = new Set(spikes.map(s => Date.parse(s.day + 'T00:00:00Z') / 1000));
  const css = getComputedStyle(document.documentElement);
  const color = css.getPropertyValue('--accent').trim() || '#2563eb';
  const bad = css.getPropertyValue('--bad').trim() || '#b91c1c';
  const second = css.getPropertyValue('--medium').trim() || '#b45309';
  const axis = css.getPropertyValue('--muted').trim() || '#666';
  const grid = css.getPropertyValue('--line').trim() || '#ddd';
  const bars = window.uPlot.paths && window.uPlot.paths.bars ? window.uPlot.paths.bars({ size: [0.9, 14] }) : undefined;
  const opts = {
    width: Math.max(260, el.clientWidth || 600), height: 240,
    scales: { x: { time: true } },
    axes: [{ stroke: axis, grid: { stroke: grid } }, { stroke: axis, grid: { stroke: grid } }],
    series: [{}, { label: 'articles (with members)', stroke: color, fill: color + '55', paths: bars, points: { show: false } },
      { label: 'mentions (entity.trends)', stroke: second, width: 2, points: { show: false } },
      { label: 'spike', stroke: bad, width: 0, points: { show: true, size: 9, fill: bad } }],
  };
  const data = [xs, xs.map(t => a.get(t) || 0), xs.map(t => m.get(t) || 0), xs.map(t => spikeDays.has(t) ? Math.max(m.get(t) || 0, a.get(t) || 0) : null)];
  // eslint-disable-next-line no-new
  new window.uPlot(opts, data, el);
}

function watchItem(w) {
  const filters = [];
  if (w.events?.types?.length) filters.push(w.events.types.join(', '));
  if (w.entities?.any?.length) filters.push('entities: ' + w.entities.any.join(', '));
  if (w.query) filters.push('query: ' + w.query);
  if (w.spike) filters.push('spike of ' + w.spike.entity);
  return h('li', { class: 'item watch-item', 'data-id': w.id, tabindex: '-1' },
    h('div', { class: 'row' }, severity(w.severity), h('a', { class: 'title grow', href: '/watches/' + enc(w.id) }, w.name || w.id),
      w.enabled === false ? h('span', { class: 'badge' }, 'paused') : null),
    h('div', { class: 'meta' }, h('span', {}, w.id), filters.length ? h('span', {}, filters.join(' · ')) : h('span', {}, 'every article')),
    w.description ? h('div', { class: 'small muted' }, w.description) : null);
}

async function watchesPage() {
  const list = h('ul', { class: 'list', id: 'watch-list' });
  render(h('div', { class: 'row' }, h('h1', { class: 'grow' }, 'Watches'), h('a', { href: '/watches/new', id: 'new-watch' }, '+ New watch')), list);
  keyboardList(list);
  try {
    const r = await api('watches');
    list.replaceChildren(...r.watches.map(watchItem));
    if (!r.watches.length) list.append(h('li', { class: 'muted' }, 'No watches yet.'));
  } catch (e) { list.replaceChildren(h('li', {}, errorBox(e))); }
}

const EVENT_TYPES = ['LICENSE_CHANGE', 'ENTITY_LIST', 'EXPORT_RULE', 'DEMAND_SURGE', 'SUPPLY_SHORTAGE', 'CAPACITY_EXPANSION',
  'FUNDING_IPO', 'DOMESTIC_ADOPTION', 'SMUGGLING_ENFORCEMENT'];
const splitList = s => s.split(',').map(x => x.trim()).filter(Boolean);

async function watchEditor(id) {
  let existing = null;
  if (id) {
    try { existing = await api('watches/' + enc(id)); } catch (e) { render(h('h1', {}, 'Watch'), errorBox(e)); return; }
  }
  const w = existing || { id: '', severity: 'MEDIUM', enabled: true };
  const f = {
    id: h('input', { id: 'w-id', value: w.id, required: true, pattern: '[a-z0-9][a-z0-9-]{0,62}', readonly: !!existing }),
    name: h('input', { id: 'w-name', value: w.name && w.name !== w.id ? w.name : '' }),
    severity: h('select', { id: 'w-severity' }, ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map(s => h('option', { value: s }, s))),
    enabled: h('input', { id: 'w-enabled', type: 'checkbox' }),
    query: h('input', { id: 'w-query', class: 'grow', value: w.query || '', placeholder: '"Ascend 950" AND (DeepSeek OR Alibaba)' }),
    entities: h('input', { id: 'w-entities', value: (w.entities?.any || []).join(', '), placeholder: 'huawei-ascend, smic' }),
    sources: h('input', { id: 'w-sources', value: (w.sources || []).join(', ') }),
    languages: h('input', { id: 'w-languages', value: (w.languages || []).join(', '), placeholder: 'en, zh' }),
    minConfidence: h('input', { id: 'w-confidence', type: 'number', min: '0', max: '1', step: '0.05', value: w.events?.minConfidence ?? '' }),
    description: h('input', { id: 'w-description', class: 'grow', value: w.description || '' }),
    days: h('input', { id: 'preview-days', type: 'number', min: '1', max: '3650', value: '30' }),
  };
  f.severity.value = w.severity || 'MEDIUM';
  f.enabled.checked = w.enabled !== false;
  const types = EVENT_TYPES.map(t => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: t, class: 'w-event', checked: (w.events?.types || []).includes(t) }), t));
  const problems = h('ul', { class: 'problems error', id: 'problems', 'aria-live': 'polite' });
  const preview = h('div', { id: 'preview-results' });
  const saveMsg = h('p', { class: 'small', id: 'save-message', 'aria-live': 'polite' });
  const toWatch = () => {
    const out = { ...(existing || {}) };
    out.id = f.id.value.trim();
    out.name = f.name.value.trim() || undefined;
    out.description = f.description.value.trim() || undefined;
    out.severity = f.severity.value;
    out.enabled = f.enabled.checked;
    out.query = f.query.value.trim() || undefined;
    const ev = types.map(l => l.querySelector('input')).filter(i => i.checked).map(i => i.value);
    const conf = f.minConfidence.value === '' ? undefined : Number(f.minConfidence.value);
    out.events = ev.length || conf !== undefined ? { ...(existing?.events || {}), types: ev, minConfidence: conf } : undefined;
    const ents = splitList(f.entities.value);
    out.entities = ents.length ? { ...(existing?.entities || {}), any: ents } : (existing?.entities && !existing.entities.any?.length ? existing.entities : undefined);
    out.sources = splitList(f.sources.value); out.languages = splitList(f.languages.value);
    return JSON.parse(JSON.stringify(out));
  };
  const validate = async () => {
    try {
      const body = toWatch(); if (!body.id) body.id = 'draft';
      const v = await api('watches/validate', { method: 'POST', body });
      problems.replaceChildren(...v.problems.map(p => h('li', {}, p)));
      return v.valid;
    } catch (e) { problems.replaceChildren(h('li', {}, e.message)); return false; }
  };
  const runPreview = async () => {
    preview.replaceChildren(h('p', { class: 'muted' }, 'Running…'));
    try {
      const body = toWatch(); if (!body.id) body.id = 'preview';
      const r = await api('watches/backtest', { method: 'POST', body: { watch: body, since: (Number(f.days.value) || 30) + 'd', limit: 100 } });
      preview.replaceChildren(h('p', { id: 'preview-summary' }, 'Would have fired ', h('strong', {}, String(r.matched)),
        ' alert' + (r.matched === 1 ? '' : 's') + ' over ' + r.articlesScanned + ' stories of the last ' + (Number(f.days.value) || 30) + ' days (' + r.tookMs + ' ms). Nobody was notified.'),
      h('ul', { class: 'list', id: 'preview-list' }, r.alerts.map(alertItem)));
    } catch (e) { preview.replaceChildren(errorBox(e)); }
  };
  const save = async ev => {
    ev.preventDefault();
    saveMsg.textContent = '';
    const body = toWatch();
    if (!body.id) { problems.replaceChildren(h('li', {}, 'id is required: lower-case letters, digits and dashes')); return; }
    try {
      await api('watches/' + enc(body.id), { method: 'PUT', body });
      saveMsg.textContent = 'Saved. The pipeline picks it up within seconds.';
      saveMsg.className = 'small';
      if (!existing) history.replaceState(null, '', '/watches/' + enc(body.id));
      existing = body;
      f.id.readOnly = true;
    } catch (e) { saveMsg.textContent = e.message; saveMsg.className = 'small error'; }
  };
  const del = async () => {
    if (!existing || !confirm('Remove watch ' + existing.id + '? Its alerts stay.')) return;
    try { await api('watches/' + enc(existing.id), { method: 'DELETE' }); location.assign('/watches'); } catch (e) { saveMsg.textContent = e.message; }
  };
  const form = h('form', { class: 'panel', id: 'watch-editor', novalidate: true },
    h('div', { class: 'row' }, h('label', {}, 'Id', f.id), h('label', { class: 'grow' }, 'Name', f.name), h('label', {}, 'Severity', f.severity),
      h('label', { class: 'check' }, f.enabled, 'enabled')),
    h('div', { class: 'row' }, h('label', { class: 'grow' }, 'Description', f.description)),
    h('div', { class: 'row' }, h('label', { class: 'grow' }, 'Query (Lucene, AND by default)', f.query)),
    h('fieldset', { class: 'row' }, h('legend', { class: 'small muted' }, 'Event types (any of)'), types),
    h('div', { class: 'row' }, h('label', { class: 'grow' }, 'Entities (any of, ids; families count)', f.entities),
      h('label', {}, 'Min. confidence', f.minConfidence)),
    h('div', { class: 'row' }, h('label', { class: 'grow' }, 'Sources (ids)', f.sources), h('label', {}, 'Languages', f.languages)),
    problems,
    h('div', { class: 'row' }, h('button', { type: 'submit', id: 'save-button' }, 'Save'),
      existing ? h('button', { type: 'button', class: 'danger', id: 'delete-button', onclick: del }, 'Delete') : null,
      h('span', { class: 'grow' }), h('label', {}, 'Preview the last N days', f.days),
      h('button', { type: 'button', class: 'ghost', id: 'preview-button', onclick: runPreview }, 'Back-test preview')),
    saveMsg);
  form.addEventListener('submit', save);
  const revalidate = debounce(validate, 300);
  form.addEventListener('input', revalidate);
  form.addEventListener('change', revalidate);
  render(h('h1', {}, existing ? 'Watch ' + existing.id : 'New watch'), form, h('h2', {}, 'Preview'), preview);
  if (existing) validate();
}

async function sourcesPage() {
  const body = h('tbody', { id: 'sources-body' });
  const msg = h('p', { class: 'small', 'aria-live': 'polite' });
  const f = { id: h('input', { id: 's-id', placeholder: 'my-feed', required: true }), url: h('input', { id: 's-url', class: 'grow', placeholder: 'https://…/feed.xml', required: true }),
    kind: h('select', { id: 's-kind' }, h('option', { value: 'feed' }, 'feed'), h('option', { value: 'page' }, 'page')),
    interval: h('input', { id: 's-interval', placeholder: '30m' }), selector: h('input', { id: 's-selector', placeholder: 'page: CSS selector of links' }) };
  const form = h('form', { class: 'panel', id: 'source-form' }, h('div', { class: 'row' }, h('label', {}, 'Id', f.id), h('label', { class: 'grow' }, 'URL', f.url),
    h('label', {}, 'Kind', f.kind), h('label', {}, 'Interval', f.interval), h('label', {}, 'Selector', f.selector), h('button', { type: 'submit' }, 'Add source')), msg);
  render(h('h1', {}, 'Sources'), h('div', { class: 'scroll' }, h('table', {}, h('thead', {}, h('tr', {}, ['Source', 'Status', 'Last success', 'Failures', 'Last error', 'Published']
    .map((t, i) => h('th', { class: i === 2 || i === 5 ? 'hide-narrow' : null }, t)))), body)), h('h2', {}, 'Add a source'), form);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const src = { id: f.id.value.trim(), url: f.url.value.trim(), kind: f.kind.value };
    if (f.interval.value.trim()) src.interval = f.interval.value.trim();
    if (f.selector.value.trim()) src.selector = f.selector.value.trim();
    try { await api('sources', { method: 'POST', body: src }); msg.textContent = 'Added ' + src.id + '; the ingest service starts polling it.'; msg.className = 'small'; }
    catch (err) { msg.textContent = err.message; msg.className = 'small error'; }
  });
  try {
    const r = await api('sources');
    body.replaceChildren(...r.sources.map(s => h('tr', {}, h('td', {}, s.sourceId), h('td', {}, h('span', { class: 'badge st-' + s.status }, s.status)),
      h('td', { class: 'hide-narrow' }, fmtTime(s.lastSuccess)), h('td', {}, String(s.consecutiveFailures ?? 0)), h('td', { class: 'small' }, s.lastError || ''),
      h('td', { class: 'hide-narrow' }, String(s.itemsPublished ?? 0)))));
    if (!r.sources.length) body.append(h('tr', {}, h('td', { colspan: '6', class: 'muted' }, 'No health reported yet: the ingest service publishes it every 15 s.')));
  } catch (e) { body.replaceChildren(h('tr', {}, h('td', { colspan: '6' }, errorBox(e)))); }
}

async function dlqPage() {
  const list = h('ul', { class: 'list', id: 'dlq-list' });
  render(h('h1', {}, 'Dead letters'), h('p', { class: 'muted small' }, 'Records a stage could not process, with the reason. Dead-lettered deliveries can be resent.'), list);
  keyboardList(list);
  try {
    const r = await api('dlq?limit=100');
    list.replaceChildren(...r.deadLetters.map(d => {
      const out = h('span', { class: 'small' });
      const retry = d.retryable ? h('button', { type: 'button', class: 'ghost retry-button', onclick: async () => {
        retry.disabled = true;
        try { await api('dlq/' + enc(d.id) + '/retry', { method: 'POST' }); out.textContent = 'Resend requested.'; }
        catch (e) { out.textContent = e.message; out.className = 'small error'; retry.disabled = false; }
      } }, 'Retry delivery') : null;
      return h('li', { class: 'item', tabindex: '-1' }, h('div', { class: 'row' }, h('strong', { class: 'grow' }, d.reason || '(no reason header)'), retry, out),
        h('div', { class: 'meta' }, h('span', {}, d.topic + ' #' + d.offset), d.stage ? h('span', {}, 'stage ' + d.stage) : null,
          d.channel ? h('span', {}, 'channel ' + d.channel) : null, h('span', {}, fmtTime(d.timestamp)),
          d.sourceTopic ? h('span', {}, 'from ' + d.sourceTopic + '-' + d.sourcePartition + '@' + d.sourceOffset) : null),
        d.valuePreview ? h('pre', {}, d.valuePreview.slice(0, 600)) : null);
    }));
    if (!r.deadLetters.length) list.append(h('li', { class: 'muted' }, 'No dead letters. Good.'));
  } catch (e) { list.replaceChildren(h('li', {}, errorBox(e))); }
}

function kv(obj) {
  return h('dl', { class: 'kv' }, Object.entries(obj || {}).map(([k, v]) => [h('dt', {}, k),
    h('dd', {}, v !== null && typeof v === 'object' ? h('pre', {}, JSON.stringify(v, null, 1)) : String(v ?? '—'))]));
}

async function statusPage() {
  try {
    const s = await api('status');
    render(h('h1', {}, 'Status'),
      h('h2', {}, 'Broker'), h('div', { class: 'panel' }, kv(s.broker)),
      h('h2', {}, 'Services (consumer lag)'), h('div', { class: 'scroll' }, h('table', { id: 'services' }, h('thead', {}, h('tr', {}, h('th', {}, 'Group'), h('th', {}, 'State'), h('th', {}, 'Lag'))),
        h('tbody', {}, s.services.map(x => h('tr', {}, h('td', {}, x.group), h('td', {}, x.state, x.error ? ' — ' + x.error : ''), h('td', {}, String(x.lag ?? '—'))))))),
      h('h2', {}, 'Read model of this web server'), h('div', { class: 'panel' }, kv({ documents: s.web.documents, 'caught up': s.web.readModel.caughtUp,
        'lag by topic': s.web.readModel.lagByTopic, 'last applied': s.web.readModel.lastApplied, skipped: s.web.readModel.skipped.length, failure: s.web.readModel.failure })),
      h('h2', {}, 'Throughput'), h('div', { class: 'panel' }, kv(s.throughput)));
  } catch (e) { render(h('h1', {}, 'Status'), errorBox(e)); }
}

function loginPage() {
  const token = h('input', { id: 'token', type: 'password', autocomplete: 'current-password', class: 'grow', 'aria-label': 'API token' });
  const msg = h('p', { class: 'error', 'aria-live': 'polite' });
  const form = h('form', { class: 'panel row' }, token, h('button', { type: 'submit' }, 'Log in'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('/login', { method: 'POST', body: { token: token.value } });
      const next = new URLSearchParams(location.search).get('next') || '/';
      location.assign(next.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (err) { msg.textContent = err.message; }
  });
  render(h('h1', {}, 'Log in'), h('p', { class: 'muted' }, 'This chipwatch needs its API token (CHIPWATCH_WEB_TOKEN or --web-token-file).'), form, msg);
  token.focus();
}

// ------------------------------------------------------------------ routing and theme

const routes = [
  [/^\/$/, 'alerts', () => alertsPage()],
  [/^\/alerts\/([^/]+)$/, 'alerts', m => alertPage(decodeURIComponent(m[1]))],
  [/^\/search$/, 'search', () => searchPage()],
  [/^\/entities$/, 'entities', () => entitiesPage()],
  [/^\/entities\/([^/]+)$/, 'entities', m => entityPage(decodeURIComponent(m[1]))],
  [/^\/watches$/, 'watches', () => watchesPage()],
  [/^\/watches\/new$/, 'watches', () => watchEditor(null)],
  [/^\/watches\/([^/]+)$/, 'watches', m => watchEditor(decodeURIComponent(m[1]))],
  [/^\/sources$/, 'sources', () => sourcesPage()],
  [/^\/dlq$/, 'dlq', () => dlqPage()],
  [/^\/status$/, 'status', () => statusPage()],
  [/^\/login$/, null, () => loginPage()],
];

function applyTheme(t) {
  if (t) document.documentElement.setAttribute('data-theme', t); else document.documentElement.removeAttribute('data-theme');
}

function start() {
  applyTheme(localStorage.getItem('chipwatch-theme'));
  document.getElementById('theme').addEventListener('click', () => {
    const dark = document.documentElement.getAttribute('data-theme') === 'dark'
      || (!document.documentElement.hasAttribute('data-theme') && matchMedia('(prefers-color-scheme: dark)').matches);
    const t = dark ? 'light' : 'dark';
    localStorage.setItem('chipwatch-theme', t); applyTheme(t);
  });
  const path = location.pathname.replace(/\/+$/, '') || '/';
  for (const [re, nav, page] of routes) {
    const m = path.match(re);
    if (m) {
      document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === nav));
      Promise.resolve(page(m)).catch(e => render(errorBox(e)));
      return;
    }
  }
  render(h('h1', {}, 'Not found'), h('p', {}, 'No page at ', path));
}

start();
