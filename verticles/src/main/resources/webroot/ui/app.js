// The Jobwatch dashboard: the queue, the per-second summary and one job, kept live over one
// WebSocket that resumes where it stopped (queue by offset, a job's log by line) after any
// reconnection. Nothing the user may not read is shown: the server masks, and the page keeps
// nothing of one login for the next (session storage only, cleared at logout; no caching).
'use strict';
(() => {
  const API = '/api/v1';
  const PAGE_SIZE = 50;
  const SUMMARY_POINTS = 300;
  const WAITING = ['pending', 'deferred', 'failed'];
  const STOPPED = ['error', 'killed', 'inactive'];
  const FINISHED = ['complete', 'error', 'killed', 'inactive'];
  const $ = (id) => document.getElementById(id);

  let session = null;        // {token, expiresAt, user, roles, perms}
  let renewTimer = null;
  let stream = null;
  let page = 0;
  let reloadTimer = null;
  let job = null;            // the job shown: {jobId, data, attempt, lastLine, seq}
  let summaryChart = null;
  const summarySeries = [[], [], [], [], []];

  // ---- session

  function claimsOf(token) {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  }

  function startSession(token, expiresAt) {
    const c = claimsOf(token);
    session = { token, expiresAt: Date.parse(expiresAt), user: c.sub, roles: c.roles || [], perms: c.perms || [] };
    sessionStorage.setItem('jobwatch', JSON.stringify({ token, expiresAt }));
    scheduleRenew();
  }

  function restoreSession() {
    const saved = JSON.parse(sessionStorage.getItem('jobwatch') || 'null');
    if (saved && Date.parse(saved.expiresAt) > Date.now() + 5000) {
      startSession(saved.token, saved.expiresAt);
      return true;
    }
    return false;
  }

  /** Renews the token before it expires (POST /token); the password is never kept. */
  function scheduleRenew() {
    clearTimeout(renewTimer);
    const left = session.expiresAt - Date.now();
    renewTimer = setTimeout(async () => {
      try {
        const r = await api('POST', '/token');
        startSession(r.token, r.expiresAt);
        if (stream) stream.send({ type: 'refresh', token: r.token });
      } catch (e) {
        if (e.status === 401) logout('your session ended: log in again');
        else renewTimer = setTimeout(scheduleRenew, 5000);
      }
    }, Math.max(5000, Math.min(left - 60000, left * 0.8)));
  }

  function logout(message) {
    clearTimeout(renewTimer);
    clearTimeout(reloadTimer);
    if (stream) stream.close();
    stream = null;
    session = null;
    job = null;
    sessionStorage.removeItem('jobwatch');
    // Forget everything the last user saw.
    $('jobs-table').tBodies[0].replaceChildren();
    $('summary-table').tBodies[0].replaceChildren();
    $('job-log').replaceChildren();
    $('job-messages').replaceChildren();
    $('job-events').tBodies[0].replaceChildren();
    summarySeries.forEach((s) => (s.length = 0));
    if (summaryChart) { summaryChart.destroy(); summaryChart = null; }
    $('history-box').hidden = true;
    showLogin();
    if (message) showError(message);
  }

  // ---- rights (as the server decides them, to show only the buttons that will work)

  function glob(pattern, text) {
    const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
    return re.test(text);
  }

  function mayControl(j) {
    if (!session) return false;
    if (session.roles.includes('admin') || j.owner === session.user) return true;
    return session.perms.some((p) => p.startsWith('job:control:') && glob(p.substring(12), j.name));
  }

  // ---- the API

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || 'the server answered ' + status);
      this.status = status;
      this.code = body && body.error;
    }
  }

  async function api(method, path, body) {
    const headers = {};
    if (session) headers.Authorization = 'Bearer ' + session.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(API + path, { method, headers, cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, { error: 'unreachable', message: 'the server cannot be reached' });
    }
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }

  function showError(e) {
    const text = typeof e === 'string' ? e : e.message + (e.code ? ' (' + e.code + ')' : '');
    $('banner').textContent = text;
    $('banner').hidden = false;
  }

  function clearError() {
    $('banner').hidden = true;
  }

  // ---- the socket: one for all live views, resumed where it stopped

  class Stream {
    constructor() {
      this.lastOffset = null;
      this.closed = false;
      this.attempts = 0;
      this.open(false);
    }

    open(again) {
      const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + API + '/ws';
      const ws = new WebSocket(url);
      this.ws = ws;
      ws.onopen = () => {
        ws.send(JSON.stringify({ type: 'auth', token: session.token }));
        this.resumed = again;
        this.interest();
        if (job) this.subscribe(job);
      };
      ws.onmessage = (m) => { this.attempts = 0; onMessage(JSON.parse(m.data)); };
      ws.onclose = (e) => {
        if (this.closed || this.ws !== ws) return;
        if (e.code === 4401) { logout('your session ended: log in again'); return; }
        connState('reconnecting');
        const delay = Math.min(5000, 200 * 2 ** this.attempts++);
        setTimeout(() => { if (!this.closed) this.open(true); }, delay);
      };
    }

    interest() {
      const m = { type: 'interest', data: ['queue', 'summary'], batch: true };
      if (this.lastOffset !== null) m.since = this.lastOffset;
      this.send(m);
    }

    subscribe(j) {
      const s = { jobId: j.jobId, lastLine: j.lastLine };
      if (j.attempt !== null) s.attempt = j.attempt;
      this.send({ type: 'subscribe', subscriptions: [s] });
    }

    send(m) {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
    }

    close() {
      this.closed = true;
      if (this.ws) this.ws.close();
    }
  }

  function connState(s, text) {
    $('conn-state').dataset.state = s;
    $('conn-state').textContent = text || s;
  }

  function onMessage(m) {
    switch (m.type) {
      case 'interest':
        if (m.recovered === false) {
          connState('history-lost', 'history lost, reloaded');
          if (m.next !== undefined) stream.lastOffset = m.next - 1;
          reloadAll();
        } else {
          if (stream.lastOffset === null && m.next !== undefined) stream.lastOffset = m.next - 1;
          connState(stream.resumed ? 'resumed' : 'live');
        }
        break;
      case 'event': queueEvent(m); break;
      case 'events': m.data.forEach(queueEvent); break;
      case 'summary': summary(m); break;
      case 'CURRENT_JOB_STATUS':
      case 'JOB_STATUS_UPDATED': if (job && m.jobId === job.jobId) jobStatus(m.data, m.type === 'CURRENT_JOB_STATUS'); break;
      case 'RUNLOG_UPDATED': if (job && m.jobId === job.jobId) jobLines(m); break;
      case 'APP_MESSAGE': if (job && m.jobId === job.jobId) jobMessage(m); break;
      case 'error': if (m.jobId && job && m.jobId === job.jobId) showError(m.message + ' (' + m.code + ')'); break;
      default: break;
    }
  }

  function queueEvent(e) {
    if (stream.lastOffset !== null && e.offset <= stream.lastOffset) return;
    stream.lastOffset = e.offset;
    if (!$('queue-view').hidden) scheduleReload();
  }

  function reloadAll() {
    if (!$('queue-view').hidden) loadJobs();
    if (job) showJob(job.jobId);
  }

  // ---- the queue

  function scheduleReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => { reloadTimer = null; loadJobs(); }, 500);
  }

  function query() {
    const q = new URLSearchParams({ filter: $('f-filter').value, sort: $('f-sort').value, page, per_page: PAGE_SIZE });
    for (const [k, id] of [['state', 'f-state'], ['name', 'f-name'], ['owner', 'f-owner']]) {
      if ($(id).value.trim()) q.set(k, $(id).value.trim());
    }
    return q.toString();
  }

  async function loadJobs() {
    try {
      const r = await api('GET', '/jobs?' + query());
      const rows = document.createDocumentFragment();
      for (const j of r.data) rows.appendChild(jobRow(j));
      $('jobs-table').tBodies[0].replaceChildren(rows);
      $('page-info').textContent = 'page ' + (r.page + 1) + ' of ' + Math.max(1, r.page_count) + ' (' + r.total_count + ' jobs)';
      $('page-prev').disabled = r.page <= 0;
      $('page-next').disabled = r.page + 1 >= r.page_count;
      clearError();
    } catch (e) {
      showError(e);
    }
  }

  function cell(tr, text, cls) {
    const td = tr.insertCell();
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  function bar(percent) {
    const outer = document.createElement('span');
    outer.className = 'bar pct';
    outer.dataset.percent = percent;
    const inner = document.createElement('div');
    inner.style.width = percent + '%';
    outer.appendChild(inner);
    return outer;
  }

  function flagsText(f) {
    return Object.entries(f || {}).filter(([, on]) => on).map(([k]) => k).join(' ');
  }

  function jobRow(j) {
    const tr = document.createElement('tr');
    tr.dataset.jobId = j.jobId;
    cell(tr, j.jobId.substring(0, 17), 'id');
    cell(tr, j.name, 'name');
    cell(tr, j.owner);
    cell(tr, j.state, 'state-cell').dataset.state = j.state;
    const progress = tr.insertCell();
    progress.appendChild(bar(j.percent));
    progress.append(' ' + j.percent + '%');
    cell(tr, String(j.attempt));
    cell(tr, (j.updated || '').replace('T', ' ').replace('Z', ''));
    cell(tr, flagsText(j.flags), 'flags');
    tr.onclick = () => { location.hash = '#job/' + encodeURIComponent(j.jobId); };
    return tr;
  }

  // ---- the summary and the history

  function summary(m) {
    $('summary-time').textContent = m.created;
    const rows = document.createDocumentFragment();
    const totals = { pending: 0, running: 0, deferred: 0, failed: 0 };
    for (const r of m.data) {
      const tr = document.createElement('tr');
      cell(tr, r.name);
      cell(tr, r.state);
      cell(tr, String(r.n));
      cell(tr, ['zombie', 'nonstop', 'killRequested', 'removeRequested'].filter((f) => r[f]).join(' '));
      rows.appendChild(tr);
      if (totals[r.state] !== undefined) totals[r.state] += r.n;
    }
    $('summary-table').tBodies[0].replaceChildren(rows);
    summarySeries[0].push(Date.parse(m.created) / 1000);
    ['pending', 'running', 'deferred', 'failed'].forEach((s, i) => summarySeries[i + 1].push(totals[s]));
    if (summarySeries[0].length > SUMMARY_POINTS) summarySeries.forEach((s) => s.shift());
    if (!$('summary-view').hidden) drawSummary();
  }

  function chartOptions(title, width) {
    const colors = ['#d08a00', '#3a78c2', '#8a5cc2', '#b03a2e'];
    return {
      title, width, height: 220,
      series: [{}, ...['pending', 'running', 'deferred', 'failed'].map((label, i) => ({ label, stroke: colors[i], width: 2 }))],
    };
  }

  function drawSummary() {
    if (typeof uPlot === 'undefined') return;
    if (!summaryChart) {
      summaryChart = new uPlot(chartOptions('unfinished jobs per second', $('summary-view').clientWidth - 20),
        summarySeries, $('summary-chart'));
    } else {
      summaryChart.setData(summarySeries);
    }
  }

  async function loadHistory() {
    try {
      const r = await api('GET', '/queue/history?per_page=1000');
      const snaps = r.data.slice().reverse();
      const data = [snaps.map((s) => Date.parse(s.created) / 1000),
        ...['pending', 'running', 'deferred', 'failed'].map((k) => snaps.map((s) => s[k] || 0))];
      $('history-box').hidden = false;
      $('history-chart').replaceChildren();
      if (typeof uPlot !== 'undefined' && snaps.length) {
        new uPlot(chartOptions('queue history', $('summary-view').clientWidth - 20), data, $('history-chart'));
      }
    } catch (e) {
      $('history-box').hidden = true; // 403: this user may not read the history
      if (e.status !== 403) showError(e);
    }
  }

  // ---- one job

  async function showJob(jobId) {
    const shown = job && job.jobId === jobId ? job : { jobId, data: null, attempt: null, lastLine: 0, seq: 0 };
    if (shown !== job) {
      if (job && stream) stream.send({ type: 'unsubscribe', jobIds: [job.jobId] });
      job = shown;
      $('job-log').replaceChildren();
      $('job-messages').replaceChildren();
    }
    try {
      const [data, events] = await Promise.all([api('GET', '/jobs/' + encodeURIComponent(jobId)),
        api('GET', '/jobs/' + encodeURIComponent(jobId) + '/events')]);
      if (job !== shown) return;
      jobStatus(data, false);
      const rows = document.createDocumentFragment();
      for (const e of events.events) {
        const tr = document.createElement('tr');
        [String(e.seq), e.name, e.created, e.author, e.state, e.reason || ''].forEach((t) => cell(tr, t));
        rows.appendChild(tr);
      }
      $('job-events').tBodies[0].replaceChildren(rows);
      clearError();
      if (stream) stream.subscribe(job);
    } catch (e) {
      showError(e);
    }
  }

  function jobStatus(data, current) {
    if (!job) return;
    if (data.seq < job.seq && !current) return;
    job.seq = Math.max(job.seq, data.seq);
    if (job.attempt !== null && data.attempt !== job.attempt) {
      $('job-log').replaceChildren(); // another attempt: its lines start at 1
      job.lastLine = 0;
    }
    job.attempt = data.attempt;
    job.data = data;
    $('job-name').textContent = data.name;
    $('job-id').textContent = data.jobId;
    $('job-state').textContent = data.state;
    $('job-state').className = 'state ' + data.state;
    $('job-attempt').textContent = data.attempt;
    $('job-max').textContent = data.maxAttempts;
    $('job-owner').textContent = data.owner;
    $('job-flags').textContent = flagsText(data.flags);
    $('job-bar').style.width = data.percent + '%';
    $('job-bar').parentElement.dataset.percent = data.percent;
    $('job-pct').textContent = data.percent + '%';
    $('job-desc').textContent = data.desc || '';
    const fields = document.createDocumentFragment();
    for (const k of ['queued', 'started', 'finished', 'updated', 'reservedUntil', 'wallTimeLimit', 'result', 'error']) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = data[k] === null || data[k] === undefined ? '–' : JSON.stringify(data[k]).replace(/^"|"$/g, '');
      fields.append(dt, dd);
    }
    $('job-fields').replaceChildren(fields);
    const control = mayControl(data);
    $('btn-kill').hidden = !(control && !FINISHED.includes(data.state));
    $('btn-restart').hidden = !(control && (WAITING.includes(data.state) || STOPPED.includes(data.state)));
    $('btn-remove').hidden = !control;
  }

  function jobLines(m) {
    if (m.attempt !== job.attempt) return;
    const end = m.endLine;
    if (end <= job.lastLine || m.startLine > job.lastLine + 1) return; // had them, or a gap refilled after a resume
    const lines = document.createDocumentFragment();
    for (let n = job.lastLine + 1; n <= end; n++) {
      const div = document.createElement('div');
      div.className = 'line';
      div.dataset.n = n;
      const num = document.createElement('span');
      num.className = 'n';
      num.textContent = n;
      div.append(num, m.lines[n - m.startLine]);
      lines.appendChild(div);
    }
    job.lastLine = end;
    const log = $('job-log');
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
    log.appendChild(lines);
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  function jobMessage(m) {
    const li = document.createElement('li');
    li.textContent = m.messageId + ': ' + JSON.stringify(m.data);
    $('job-messages').appendChild(li);
  }

  async function jobEvent(name) {
    try {
      await api('POST', '/jobs/' + encodeURIComponent(job.jobId) + '/events', { name });
      showJob(job.jobId);
    } catch (e) {
      showError(e);
    }
  }

  // ---- views

  function showLogin() {
    $('login-view').hidden = false;
    $('app-view').hidden = true;
    $('logout').hidden = true;
    $('who').textContent = '';
    connState('offline');
    $('login-user').focus();
  }

  function showApp() {
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('logout').hidden = false;
    $('who').textContent = session.user;
    if (!stream) stream = new Stream();
    route();
  }

  function route() {
    if (!session) return;
    const hash = location.hash || '#queue';
    $('queue-view').hidden = hash !== '#queue';
    $('summary-view').hidden = hash !== '#summary';
    $('job-view').hidden = !hash.startsWith('#job/');
    if (hash === '#queue') loadJobs();
    if (hash === '#summary') { drawSummary(); loadHistory(); }
    if (hash.startsWith('#job/')) showJob(decodeURIComponent(hash.substring(5)));
    else if (job) {
      if (stream) stream.send({ type: 'unsubscribe', jobIds: [job.jobId] });
      job = null;
    }
  }

  $('login-form').onsubmit = async (ev) => {
    ev.preventDefault();
    try {
      const r = await api('POST', '/login', { username: $('login-user').value, password: $('login-password').value });
      $('login-password').value = '';
      startSession(r.token, r.expiresAt);
      clearError();
      showApp();
    } catch (e) {
      showError(e.status === 401 ? 'wrong user name or password' : e);
    }
  };
  $('logout').onclick = () => logout();
  $('filters').onsubmit = (ev) => { ev.preventDefault(); page = 0; loadJobs(); };
  $('page-prev').onclick = () => { page = Math.max(0, page - 1); loadJobs(); };
  $('page-next').onclick = () => { page++; loadJobs(); };
  $('btn-kill').onclick = () => jobEvent('request_kill_job');
  $('btn-remove').onclick = () => jobEvent('request_remove_job');
  $('btn-restart').onclick = () => jobEvent(WAITING.includes(job.data.state) ? 'restart_waiting' : 'restart_stopped');
  window.addEventListener('hashchange', route);

  if (restoreSession()) showApp();
  else showLogin();
})();
