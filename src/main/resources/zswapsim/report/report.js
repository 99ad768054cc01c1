// zswap-sim report: draws one run (or two, compared) from the JSON blob in #zs-data.
// Safety rule: data only ever reaches the page through textContent and setAttribute, never as markup.
// Scale rule: only the visible steps and CPUs are drawn, so a 100,000-step run on 128 CPUs stays light.
(function () {
  'use strict';
  var el = zsDom.el, svg = zsDom.svg, markdown = zsDom.markdown, svgText = zsDom.svgText, tip = zsDom.tip;

  var GUTTER = 118;     // lane and row names (wider on a 1080p projector: see render())
  var RIGHT_PAD = 84;   // room right of the last step for wait-for arrows
  var RULER_H = 18;
  var RCU_H = 22;
  var EV_ROW_H = 18;
  var MSG_ROW_H = 17;
  var KEYFRAME = 32;    // DeltaStrings.KEYFRAME
  var SPEEDS = [['0.25\u00D7', 1200], ['0.5\u00D7', 600], ['1\u00D7', 300], ['2\u00D7', 150], ['4\u00D7', 75]];

  /** Row heights; presentation mode scales them (and the type) for a projector. */
  function sizes() {
    var big = document.body.classList.contains('present');
    if (big && window.innerWidth >= 1600 && window.innerHeight >= 1000) { return { ctx: 26, task: 23, lock: 18, font: 17, gap: 4 }; }
    return { ctx: big ? 20 : 15, task: big ? 18 : 14, lock: big ? 14 : 11, font: big ? 13 : 11, gap: 3 };
  }

  function byId(id) { return document.getElementById(id); }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  /** Largest i in [0, n) with key(i) <= k, or -1. */
  function lastAtOrBefore(n, key, k) {
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(mid) <= k) { lo = mid + 1; } else { hi = mid; }
    }
    return lo - 1;
  }

  /** Smallest i in [0, n) with key(i) >= k, or n. */
  function firstAtOrAfter(n, key, k) {
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(mid) >= k) { hi = mid; } else { lo = mid + 1; }
    }
    return lo;
  }

  function hue(name) {
    var h = 0;
    for (var i = 0; i < name.length; i++) { h = (h * 31 + name.charCodeAt(i)) | 0; }
    return ((h % 360) + 360) % 360;
  }

  /**
   * Locks take colours of their own, none green (RCU grace periods), red (waiting), orange or yellow
   * (softirqs, the cursor): a fixed palette over the page's locks by name, then hues by hash.
   */
  var LOCK_PALETTE = ['#2f6db5', '#a23d9c', '#8a5a2b', '#5b4fc8', '#00778f', '#b0407a', '#4a5d7a', '#7d6608'];
  var lockIndex = {};
  function lockColor(name) {
    var i = lockIndex[name];
    return i !== undefined && i < LOCK_PALETTE.length ? LOCK_PALETTE[i] : 'hsl(' + (170 + hue(name) % 160) + ',50%,40%)';
  }

  /** Tasks get a blue of their own, so that back-to-back tasks on one CPU are told apart. */
  function contextColor(name) {
    if (name.lastIndexOf('task ', 0) === 0) { return 'hsl(' + (195 + hue(name) % 50) + ',55%,' + (62 + hue(name) % 14) + '%)'; }
    if (name.lastIndexOf('softirq ', 0) === 0) { return '#e6a23c'; }
    if (name.lastIndexOf('hardirq ', 0) === 0) { return '#d9534f'; }
    return '#a0a8b0';
  }

  /** What an idle kthread sleeps until: a kworker until work is queued, ksoftirqd until softirqs are raised, rcuo until callbacks are ready. */
  var IDLE_WAITS = { 'work': 'sleeps until work is queued', 'pending softirqs': 'sleeps until softirqs are raised',
    'RCU callbacks': 'sleeps until RCU callbacks are ready' };

  var STATE_COLOR = { running: '#4f86c6', runnable: '#c9d6e3', sleeping: '#9aa3ad', exited: '#eef0f2' };

  /** The lock a wait names ("spin_lock A", "mutex M") among the locks held: matched on the typed hold's name. */
  function waitedLock(waitsOn, lockNames) {
    for (var i = 0; i < lockNames.length; i++) {
      var l = lockNames[i];
      if (waitsOn === l || waitsOn.slice(-(l.length + 1)) === ' ' + l) { return l; }
    }
    return null;
  }

  // ---- data --------------------------------------------------------------------------------

  /** A snapshot (see ReportData.snapshot) as objects. */
  function unpackSnapshot(S, L, T, f) {
    function list(id) { return L[id].map(function (x) { return S[x]; }); }
    var snap = { preempt: f[0], bh: f[1], irqsOff: f[2] === 1, pending: list(f[3]), stack: [], tasks: [] };
    var i = 5;
    for (var c = 0; c < f[4]; c++, i += 5) {
      snap.stack.push({ kind: S[f[i]], label: S[f[i + 1]], holds: list(f[i + 2]), waitsOn: f[i + 3] < 0 ? null : S[f[i + 3]], since: f[i + 4] });
    }
    for (; i < f.length; i++) {
      var t = T[f[i]];
      snap.tasks.push({ comm: S[t[0]], pid: t[1], state: S[t[2]], holds: list(t[3]),
        waitsOn: t[4] < 0 ? null : S[t[4]], since: t[5] });
    }
    return snap;
  }

  /** Unpacks ReportData's columns and flat tuples into per-CPU lanes of non-overlapping span groups. */
  function decode(raw) {
    var S = raw.s, L = raw.l, ev = raw.ev, meta = raw.meta;
    var n = ev.cpu.length, ncpu = meta.cpus;
    var step = new Int32Array(n);
    var acc = 0, i, c;
    for (i = 0; i < n; i++) { acc += ev.dstep[i]; step[i] = acc; }
    var counts = new Int32Array(ncpu);
    for (i = 0; i < n; i++) { c = ev.cpu[i]; if (c >= 0 && c < ncpu) { counts[c]++; } }
    // byCpu: CPU c's events (its step events and the messages it received); the last of a step has its snapshot.
    var byCpu = [], fill = new Int32Array(ncpu);
    for (c = 0; c < ncpu; c++) { byCpu.push(new Int32Array(counts[c])); }
    var rcuEv = [], refsEv = [], steps = [], msgs = [];
    ev.from = new Int32Array(n);
    ev.to = new Int32Array(n);
    ev.msg = new Int32Array(n);
    for (i = 0; i < n; i++) {
      c = ev.cpu[i];
      if (c >= 0 && c < ncpu) { byCpu[c][fill[c]++] = i; }
      if (ev.rcu[i] >= 0) { rcuEv.push(i); }
      if (ev.refs[i] >= 0) { refsEv.push(i); }
      var mt = ev.m[i] >= 0 ? raw.msgTypes[ev.m[i]] : null;
      ev.from[i] = mt ? mt[0] : -1;
      ev.to[i] = mt ? mt[1] : -1;
      ev.msg[i] = mt ? mt[2] : -1;
      if (mt) { msgs.push(i); }
      if (i === 0 || step[i] !== step[i - 1]) { steps.push(step[i]); }
    }
    var lanes = [];
    for (c = 0; c < ncpu; c++) { lanes.push({ ctx: [], waits: [], masks: [], marks: [], tasks: [], taskNames: [], holds: [], irqHolds: [] }); }
    function group(list, level) {
      while (list.length <= level) { list.push([]); }
      return list[level];
    }
    function spans(flat, f) {
      for (var j = 0; j < flat.length; j += 5) {
        f(flat[j], flat[j + 1], { n: S[flat[j + 2]], s: flat[j + 3], e: flat[j + 4] });
      }
    }
    spans(raw.spans.ctx, function (cpu, lv, sp) { if (lanes[cpu]) { group(lanes[cpu].ctx, lv).push(sp); } });
    spans(raw.spans.waits, function (cpu, lv, sp) { if (lanes[cpu]) { group(lanes[cpu].waits, lv).push(sp); } });
    spans(raw.spans.masks, function (cpu, lv, sp) { if (lanes[cpu]) { group(lanes[cpu].masks, lv).push(sp); } });
    var gps = [];
    spans(raw.spans.gps, function (cpu, lv, sp) { group(gps, lv).push(sp); });
    var f = raw.tasks;
    for (i = 0; i < f.length; i += 7) {
      var lane = lanes[f[i]];
      if (!lane) { continue; }
      group(lane.tasks, f[i + 1]).push({ n: S[f[i + 2]], st: S[f[i + 3]], w: f[i + 4] < 0 ? null : S[f[i + 4]], s: f[i + 5], e: f[i + 6] });
      lane.taskNames[f[i + 1]] = S[f[i + 2]];
    }
    // Holds: per task row a list of stripes, and the interrupt contexts' locks in stripes of their own.
    var allHolds = [];
    f = raw.holds;
    for (i = 0; i < f.length; i += 8) {
      var hl = lanes[f[i]];
      if (!hl) { continue; }
      var h = { cpu: f[i], row: f[i + 1], depth: f[i + 2], holder: S[f[i + 3]], n: S[f[i + 4]], stripe: f[i + 5], s: f[i + 6], e: f[i + 7] };
      allHolds.push(h);
      if (h.row >= 0) { group(group(hl.holds, h.row), h.stripe).push(h); } else { group(hl.irqHolds, h.stripe).push(h); }
    }
    var cbs = [];
    f = raw.cbs;
    for (i = 0; i < f.length; i += 6) {
      cbs.push({ id: f[i], text: S[f[i + 1]], qs: f[i + 2], qc: f[i + 3], is: f[i + 4], ic: f[i + 5] });
    }
    var marks = [], machineMarks = [];
    for (i = 0; i < raw.marks.length; i += 4) {
      var m = { s: raw.marks[i], c: raw.marks[i + 1], k: S[raw.marks[i + 2]], t: S[raw.marks[i + 3]] };
      marks.push(m);
      if (m.c >= 0 && m.c < ncpu) { lanes[m.c].marks.push(m); } else { machineMarks.push(m); }
    }
    var rcuCache = { k: -1, text: null };
    /** Rebuilds RCU state k from the keyframe before it (see DeltaStrings). */
    function rcuText(k) {
      if (rcuCache.k === k) { return rcuCache.text; }
      var from = rcuCache.k >= 0 && rcuCache.k < k && k - rcuCache.k < KEYFRAME ? rcuCache.k : k - (k % KEYFRAME);
      var text = from === rcuCache.k ? rcuCache.text : raw.rcuStates[from];
      for (var j = from + 1; j <= k; j++) {
        var d = raw.rcuStates[j];
        text = text.slice(0, d[0]) + d[2] + text.slice(text.length - d[1]);
      }
      rcuCache = { k: k, text: text };
      return text;
    }
    var snapCache = {}, lockNames = [];
    allHolds.forEach(function (x) { if (lockNames.indexOf(x.n) < 0) { lockNames.push(x.n); } });
    return {
      meta: meta, S: S, L: L, ev: ev, n: n, rcuText: rcuText, step: step, ncpu: ncpu, byCpu: byCpu, rcuEv: rcuEv, refsEv: refsEv,
      msgs: msgs, steps: steps, lanes: lanes, lockNames: lockNames, gps: gps, holds: allHolds, cbs: cbs, marks: marks, machineMarks: machineMarks,
      lockdep: raw.lockdep, source: meta.source === null ? null : meta.source.split('\n'),
      list: function (id) { return L[id].map(function (s) { return S[s]; }); },
      snapshot: function (id) {
        if (!(id in snapCache)) { snapCache[id] = unpackSnapshot(S, L, raw.taskRows, raw.snaps[id]); }
        return snapCache[id];
      }
    };
  }

  /** The step a deadlock happened at: its mark, else the last step. */
  function deadlockStep(run) {
    for (var i = run.marks.length - 1; i >= 0; i--) { if (run.marks[i].k === 'deadlock') { return run.marks[i].s; } }
    return run.meta.steps;
  }

  /** CPU c's snapshot after step k (its last event with one at or before k), or null before its first. */
  function snapshotAt(run, c, k) {
    var list = run.byCpu[c], step = run.step;
    var j = lastAtOrBefore(list.length, function (x) { return step[list[x]]; }, k);
    while (j >= 0 && run.ev.snap[list[j]] < 0) { j--; }
    return j < 0 ? null : { snap: run.snapshot(run.ev.snap[list[j]]), i: list[j] };
  }

  /** The holds open during step k, on every CPU (few: only the locks held right now). */
  function holdsAt(run, k) {
    return run.holds.filter(function (h) { return h.s <= k && k < h.e; });
  }

  // ---- shared state: the current step and the visible window of steps ----------------------

  var page = JSON.parse(byId('zs-data').textContent);
  var runs = page.runs.map(decode);
  runs.map(function (r) { return r.lockNames; }).reduce(function (a, b) { return a.concat(b); }, [])
    .filter(function (n, i, all) { return all.indexOf(n) === i; }).sort().forEach(function (n, i) { lockIndex[n] = i; });
  var compare = page.mode === 'compare';
  var allSteps = mergeSteps(runs);
  var lastStep = Math.max.apply(null, runs.map(function (r) { return r.meta.end - 1; }).concat([allSteps[allSteps.length - 1] || 0]));
  var firstStep = allSteps.length ? allSteps[0] : 0;
  var state = { k: firstStep, start: 0, span: 1, playing: null, playMs: 300 };
  var views = [];
  var pending = false;

  function mergeSteps(rs) {
    var seen = {}, out = [];
    rs.forEach(function (r) { r.steps.forEach(function (s) { if (!seen[s]) { seen[s] = true; out.push(s); } }); });
    return out.sort(function (a, b) { return a - b; });
  }

  function setStep(k) {
    k = Math.max(Math.min(Math.round(k), lastStep), Math.min(firstStep, 0));
    state.k = k;
    if (k < state.start || k + 1 > state.start + state.span) {
      state.start = clampStart(k - state.span / 2);
    }
    requestRender();
  }

  function clampStart(s) { return Math.max(0, Math.min(s, lastStep + 1 - state.span)); }

  function setSpan(span, anchorStep, anchorFraction) {
    span = Math.max(8, Math.min(span, lastStep + 1));
    state.start = clampStart(anchorStep - span * anchorFraction);
    state.span = span;
    requestRender();
  }

  function nextStep() {
    var i = firstAtOrAfter(allSteps.length, function (j) { return allSteps[j]; }, state.k + 1);
    if (i < allSteps.length) { setStep(allSteps[i]); return true; }
    return false;
  }

  function prevStep() {
    var i = lastAtOrBefore(allSteps.length, function (j) { return allSteps[j]; }, state.k - 1);
    if (i >= 0) { setStep(allSteps[i]); }
  }

  function togglePlay() {
    if (state.playing) {
      clearInterval(state.playing);
      state.playing = null;
    } else {
      state.playing = setInterval(function () { if (!nextStep()) { togglePlay(); } }, state.playMs);
    }
    byId('btn-play').textContent = state.playing ? '\u23F8 pause' : '\u25B6 play';
  }

  function requestRender() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      render();
    });
  }

  function render() {
    GUTTER = sizes().font > 13 ? 160 : 118;
    var slider = byId('step-slider');
    slider.value = String(state.k);
    byId('step-label').textContent = 'step ' + state.k + ' / ' + lastStep;
    var hash = '#step=' + state.k + (document.body.classList.contains('present') ? '&present' : '');
    if (location.hash !== hash) { history.replaceState(null, '', hash); }
    views.forEach(function (v) { v.render(); });
  }

  // ---- header --------------------------------------------------------------------------------


  function header(run, label) {
    var m = run.meta, box = el('div', 'run-head');
    var title = box.appendChild(el(compare ? 'h2' : 'h1', null, (label ? label + ': ' : '') + m.scenario));
    title.title = title.textContent;
    box.appendChild(el('div', 'meta', 'file ' + m.file + ' \u00B7 seed ' + m.seed + ' \u00B7 ' + m.steps + ' steps \u00B7 '
        + m.cpus + ' CPUs'));
    if (m.check) { box.appendChild(el('p', 'check', m.check)); }
    lesson(box, m);
    box.appendChild(el('pre', 'outcome ' + m.outcome, m.outcomeText));
    if (m.outcome === 'deadlock') {
      var go = el('button', 'step-link', 'go to the deadlock (step ' + deadlockStep(run) + ')');
      go.type = 'button';
      go.addEventListener('click', function () { setStep(deadlockStep(run)); });
      box.appendChild(go);
    }
    var d = el('details');
    d.appendChild(el('summary', null, 'schedule (replay with --schedule FILE)'));
    d.appendChild(el('pre', null, m.schedule));
    box.appendChild(d);
    return box;
  }

  /** The question and hints; about: and answer: behind a "show answer" button in student mode. */
  function lesson(box, m) {
    if (m.question.length) {
      var q = el('div', 'question');
      q.appendChild(el('strong', null, 'Question'));
      markdown(q, m.question);
      box.appendChild(q);
    }
    m.hints.forEach(function (h, i) {
      var d = el('details', 'hint');
      d.appendChild(el('summary', null, 'hint ' + (i + 1)));
      markdown(d, h);
      box.appendChild(d);
    });
    var answer = el('div', 'about');
    markdown(answer, m.about);
    if (m.answer.length) {
      answer.appendChild(el('strong', null, 'Answer'));
      markdown(answer, m.answer);
    }
    if (m.student && answer.childNodes.length) {
      answer.hidden = true;
      var show = el('button', 'show-answer', 'show answer');
      show.type = 'button';
      show.addEventListener('click', function () { answer.hidden = false; show.remove(); });
      box.appendChild(show);
    }
    box.appendChild(answer);
  }

  function legend() {
    var items = [['task (a shade per task)', '#7aa6da'], ['softirq', '#e6a23c'], ['hardirq', '#d9534f'],
      ['runnable', STATE_COLOR.runnable], ['sleeping', STATE_COLOR.sleeping], ['spinning / sleeping on a lock', '#b42318'],
      ['BH disabled', 'rgba(64,128,255,0.25)'], ['hardirqs disabled', 'rgba(255,120,0,0.3)'],
      ['lock held (under its holder; colours under the timeline)', LOCK_PALETTE[0]], ['waits for \u2192 holder', '#b42318'],
      ['RCU grace period', '#5cb85c'], ['call_rcu \u2192 callback', '#8e44ad'], ['current step', '#ffd84d']];
    var box = byId('legend');
    items.forEach(function (it) {
      var s = el('span');
      var sw = el('span', 'sw');
      sw.style.background = it[1];
      s.appendChild(sw);
      s.appendChild(document.createTextNode(it[0]));
      box.appendChild(s);
    });
    box.appendChild(el('span', null, '\u2716 deadlock  ! warn  \u25C6 lockdep  | quiescent state'));
  }

  // ---- timeline ------------------------------------------------------------------------------

  /**
   * Where each CPU's rows are: its context rows (task, then interrupts), its interrupt contexts'
   * locks, then a row per task bound to it with that task's locks right under it.
   */
  function layout(run) {
    var z = sizes(), y = 0, out = [];
    run.lanes.forEach(function (lane) {
      var L = { y: y, ctxY: y + 3, ctxRows: Math.max(1, Math.min(3, lane.ctx.length)), taskY: [], lockY: [] };
      var yy = L.ctxY + L.ctxRows * z.ctx;
      L.irqY = yy;
      yy += lane.irqHolds.length * z.lock;
      for (var r = 0; r < lane.taskNames.length; r++) {
        L.taskY.push(yy + 1);
        L.lockY.push(yy + 1 + z.task);
        yy += 1 + z.task + (lane.holds[r] || []).length * z.lock;
      }
      L.h = yy - y + z.gap + 2;
      y += L.h;
      out.push(L);
    });
    return { lanes: out, total: y };
  }

  /** The key to the lock stripes' colours, under the lanes. */
  function lockKey(run) {
    var box = el('div', 'lock-key');
    if (!run.lockNames.length) { return box; }
    box.appendChild(el('span', null, 'locks held:'));
    run.lockNames.slice().sort().forEach(function (n) {
      var s = el('span', 'lock-key-item');
      var sw = el('span', 'sw');
      sw.style.background = lockColor(n);
      s.appendChild(sw);
      s.appendChild(el('span', 'mono', n));
      box.appendChild(s);
    });
    box.appendChild(el('span', null, '\u00B7 RCU grace period:'));
    var gp = el('span', 'sw');
    gp.style.background = '#5cb85c';
    box.appendChild(gp);
    box.appendChild(el('span', null, '\u00B7 hover a bar for its whole label'));
    return box;
  }

  /** One run's swim lanes: an RCU lane with the ruler on top, then one lane per CPU, drawn for the visible window only. */
  function Timeline(run, index, label) {
    var section = el('section', 'timeline');
    if (label) { section.appendChild(el('div', 'caption', label + ': ' + run.meta.scenario + ' (seed ' + run.meta.seed + ')')); }
    var top = svg('svg', { class: 'rcu', height: RULER_H + RCU_H });
    var lanes = el('div', 'lanes');
    var spacer = el('div');
    var body = svg('svg', {});
    lanes.appendChild(spacer);
    lanes.appendChild(body);
    section.appendChild(top);
    section.appendChild(lanes);
    section.appendChild(lockKey(run));
    var arrowId = 'arrow-' + index, waitId = 'wait-' + index;
    var lay = layout(run);
    // The body's in-bar labels and what must not be written over (callouts, marks), per render.
    var inline = [], obstacles = [];

    function width() { return Math.max(300, lanes.clientWidth); }
    function plotW(w) { return w - GUTTER - RIGHT_PAD; }
    function x(stepValue, w) { return GUTTER + (stepValue - state.start) * plotW(w) / state.span; }
    function stepAt(px, w) { return Math.floor(state.start + (px - GUTTER) * state.span / plotW(w)); }

    function sizeLanes() {
      lay = layout(run);
      spacer.style.height = lay.total + 'px';
      var room = document.body.classList.contains('present') ? 0.42 : 0.55;
      var h = Math.min(lay.total, Math.max(160, Math.floor(window.innerHeight * room)));
      lanes.style.height = (h + 2) + 'px';
    }

    /**
     * Draws the spans of one group that overlap the window; spans under a pixel wide merge with
     * their like neighbours. Each bar starts with a white edge, so back-to-back spans stay apart.
     */
    function drawGroup(parent, group, w, y, h, colorOf, labelOf, cls, callouts) {
      if (!group || !group.length) { return; }
      var z = sizes();
      var lo = state.start, hi = state.start + state.span, left = GUTTER - 2, right = w + 2;
      var i = firstAtOrAfter(group.length, function (j) { return group[j].e > lo ? 1 : 0; }, 1);
      var cur = null;
      function flush() {
        var r = svg('rect', { x: cur.x0, y: y, width: Math.max(1, cur.x1 - cur.x0), height: h, fill: cur.color }, parent);
        if (cur.count > 1) { tip(r, cur.count + ' spans, zoom in for detail'); return; }
        var sp = cur.sp;
        if (cls) { r.setAttribute('class', cls(sp)); }
        tip(r, labelOf(sp) + '  [step ' + sp.s + ', ' + sp.e + ')');
        if (cur.x1 - cur.x0 > 4) {
          svg('line', { x1: cur.x0 + 0.5, x2: cur.x0 + 0.5, y1: y, y2: y + h, stroke: '#fff', 'stroke-width': 1 }, parent);
        }
        var room = Math.floor((cur.x1 - cur.x0 - 6) / (z.font * 0.62));
        var atCursor = callouts && sp.s <= state.k && state.k < sp.e;
        if (room >= 3 && h >= z.font - 1 && !atCursor) {
          // The whole label, else the bare name (a lock without its holder), else cut: the bar's title has it whole.
          var text = labelOf(sp);
          if (text.length > room && sp.holder && sp.n.length <= room) { text = sp.n; }
          var t = svgText(parent, cur.x0 + 3, y + h / 2 + z.font * 0.36, text.length > room ? text.slice(0, room - 1) + '\u2026' : text);
          if (parent === body) { inline.push({ t: t, x0: cur.x0 + 3, y: y, h: h, text: text, font: z.font }); }
        }
      }
      for (; i < group.length && group[i].s < hi; i++) {
        var sp = group[i];
        var x0 = Math.max(left, x(sp.s, w)), x1 = Math.min(right, Math.max(x(sp.e, w), x0 + 1));
        var color = colorOf(sp);
        if (cur && x0 - cur.x1 < 1 && cur.color === color && (x1 - x0 < 1 || cur.x1 - cur.x0 < 1)) {
          cur.x1 = Math.max(cur.x1, x1);
          cur.count++;
          continue;
        }
        if (cur) { flush(); }
        cur = { x0: x0, x1: x1, sp: sp, color: color, count: 1 };
      }
      if (cur) { flush(); }
    }

    /** The span of a group covering step k, or null. */
    function spanAt(group, k) {
      if (!group) { return null; }
      var i = lastAtOrBefore(group.length, function (j) { return group[j].s; }, k);
      return i >= 0 && group[i].e > k ? group[i] : null;
    }

    /** The whole label of a row's span at the current step, beside the cursor, on a white ground: never cut. */
    function callout(parent, w, y, h, text, cls) {
      var z = sizes(), xr = x(state.k + 1, w) + 3, xl = x(state.k, w) - 3;
      var t = svgText(parent, 0, y + h / 2 + z.font * 0.36, text, cls || 'callout');
      var tw = t.getComputedTextLength();
      var right = xl - tw - 4 < GUTTER;
      t.setAttribute('x', right ? xr + 2 : xl - tw - 2);
      var bx = right ? xr : xl - tw - 4;
      var bg = svg('rect', { x: bx, y: y + 0.5, width: tw + 4, height: h - 1, rx: 2,
        fill: 'rgba(255,255,255,0.95)', stroke: '#c98a00', 'stroke-width': 0.6 });
      parent.insertBefore(bg, t);
      obstacles.push({ x0: bx, x1: bx + tw + 4, y0: y, y1: y + h });
    }

    function taskLabel(sp) {
      var what = sp.st === 'running' ? sp.n : sp.n + ' (' + sp.st + ')';
      if (sp.w && IDLE_WAITS[sp.w]) { return what + ' ' + IDLE_WAITS[sp.w]; }
      return sp.w ? what + ' ' + (sp.st === 'sleeping' ? 'sleeps on ' : 'waits on ') + sp.w : what;
    }

    function holdLabel(h) { return h.n + ' \u00B7 held by ' + h.holder; }

    var MARK_SLOT = { deadlock: 0, lockdep: 1, warn: 2 };

    /** Marks of one lane; each kind has its own slot, so none hides another or the cursor. */
    function drawMarks(parent, marks, w, y0, h) {
      var lo = Math.floor(state.start), hi = state.start + state.span, lastX = {};
      var i = firstAtOrAfter(marks.length, function (j) { return marks[j].s; }, lo);
      for (; i < marks.length && marks[i].s < hi; i++) {
        var m = marks[i];
        var cx = x(m.s, w), cw = Math.max(2, x(m.s + 1, w) - cx);
        if (lastX[m.k] !== undefined && cx - lastX[m.k] < 3) { continue; }
        lastX[m.k] = cx;
        var g = svg('g', { class: 'clickable mark mark-' + m.k }, parent);
        var sy = y0 + 1 + (MARK_SLOT[m.k] || 0) * 13, ix = cx + Math.max(0, cw / 2 - 6);
        if (parent === body) { obstacles.push({ x0: ix - 1, x1: ix + 13, y0: sy, y1: sy + 12 }); }
        if (m.k === 'deadlock') {
          svg('line', { x1: cx + cw, x2: cx + cw, y1: y0, y2: y0 + h, stroke: '#b42318', 'stroke-width': 2.5 }, g);
          svg('rect', { x: ix, y: sy, width: 12, height: 12, rx: 2, fill: '#b42318' }, g);
          svgText(g, ix + 6, sy + 10, '\u2716', 'mark-icon', 'middle');
        } else if (m.k === 'warn') {
          svg('rect', { x: ix, y: sy, width: 12, height: 12, rx: 2, fill: '#d35400' }, g);
          svgText(g, ix + 6, sy + 10, '!', 'mark-icon', 'middle');
        } else if (m.k === 'lockdep') {
          svg('path', { d: 'M' + (ix + 6) + ' ' + sy + 'l6 6l-6 6l-6 -6z', fill: '#8e44ad', stroke: '#fff' }, g);
        } else if (m.k === 'qs') {
          svg('line', { x1: cx + cw / 2, x2: cx + cw / 2, y1: y0 + h - 6, y2: y0 + h, stroke: '#2e7d32', 'stroke-width': 2 }, g);
        }
        tip(g, m.k + ' at step ' + m.s + ': ' + m.t);
      }
    }

    function drawCursor(parent, w, h, filled) {
      var x0 = x(state.k, w), x1 = x(state.k + 1, w);
      svg('rect', { x: x0, y: 0, width: Math.max(2, x1 - x0), height: h, fill: filled ? 'rgba(255,216,77,0.35)' : 'none',
        stroke: '#c98a00', 'stroke-width': 1, class: filled ? 'cursor' : 'cursor-edge' }, parent);
    }

    function drawRuler(parent, w) {
      var pxPerStep = plotW(w) / state.span, every = 1;
      var nice = [1, 2, 5];
      for (var p = 1, found = false; !found; p *= 10) {
        for (var j = 0; j < nice.length; j++) {
          if (nice[j] * p * pxPerStep >= 64) { every = nice[j] * p; found = true; break; }
        }
      }
      var first = Math.ceil(state.start / every) * every;
      for (var s = first; s <= state.start + state.span; s += every) {
        var sx = x(s, w);
        svg('line', { x1: sx, x2: sx, y1: RULER_H - 5, y2: RULER_H, stroke: '#8b949e' }, parent);
        svgText(parent, sx + 2, RULER_H - 7, String(s));
      }
      svgText(parent, 4, RULER_H - 7, 'step', 'lane');
    }

    function renderTop(w) {
      clear(top);
      top.setAttribute('width', w);
      drawCursor(top, w, RULER_H + RCU_H, true);
      drawRuler(top, w);
      svg('rect', { x: 0, y: RULER_H, width: GUTTER - 2, height: RCU_H, fill: '#f4f9f4' }, top);
      svgText(top, 4, RULER_H + 14, 'rcu', 'lane');
      run.gps.forEach(function (group, lv) {
        drawGroup(top, group, w, RULER_H + 3 + lv * 6, RCU_H - 6 - lv * 6, function () { return '#5cb85c'; },
          function (sp) { return sp.n; });
      });
      drawMarks(top, run.machineMarks, w, RULER_H, RCU_H);
      drawCursor(top, w, RULER_H + RCU_H, false);
    }

    function gutterText(y, h, text, cls) {
      var z = sizes(), room = Math.floor((GUTTER - 8) / (z.font * 0.62));
      var t = svgText(body, 4, y + h / 2 + z.font * 0.36, text.length > room ? text.slice(0, room - 1) + '\u2026' : text, cls);
      if (text.length > room) { tip(t, text); }
    }

    function renderLane(c, L, off, w, labels) {
      var lane = run.lanes[c], z = sizes(), y0 = L.y - off, k = state.k;
      svg('rect', { x: 0, y: y0, width: w, height: L.h, fill: c % 2 ? '#fafbfc' : '#ffffff' }, body);
      svg('line', { x1: 0, x2: w, y1: y0 + L.h - 0.5, y2: y0 + L.h - 0.5, stroke: '#c8d0d8' }, body);
      gutterText(L.ctxY - off, z.ctx, 'CPU' + c, 'lane');
      var ctxH = L.ctxRows * z.ctx;
      drawGroup(body, lane.masks[0], w, L.ctxY - off, ctxH, function () { return 'rgba(64,128,255,0.16)'; },
        function (sp) { return sp.n; });
      drawGroup(body, lane.masks[1], w, L.ctxY - off, ctxH, function () { return 'rgba(255,120,0,0.2)'; },
        function (sp) { return sp.n; });
      lane.ctx.forEach(function (group, depth) {
        var y = L.ctxY - off + Math.min(depth, 2) * z.ctx;
        drawGroup(body, group, w, y, z.ctx - 1, function (sp) { return contextColor(sp.n); }, function (sp) { return sp.n; },
          function () { return 'ctx'; }, true);
        var at = spanAt(group, k);
        if (at) {
          var wait = spanAt(lane.waits[depth], k);
          labels.push([y, z.ctx - 1, at.n + (wait ? ' \u2014 ' + (wait.n.lastIndexOf('spin', 0) === 0 ? 'spins on ' : 'waits on ')
            + wait.n + ' since step ' + wait.s : '')]);
        }
      });
      lane.waits.forEach(function (group, depth) {
        drawGroup(body, group, w, L.ctxY - off + Math.min(depth, 2) * z.ctx + z.ctx - 5, 4, function () { return '#b42318'; },
          function (sp) { return 'waits on ' + sp.n; }, function () { return 'wait'; });
      });
      lane.irqHolds.forEach(function (group, stripe) {
        var y = L.irqY - off + stripe * z.lock;
        drawGroup(body, group, w, y + 1, z.lock - 2, function (h) { return lockColor(h.n); }, holdLabel, function () { return 'hold'; }, true);
        var at = spanAt(group, k);
        if (at) { labels.push([y + 1, z.lock - 2, holdLabel(at)]); }
      });
      var snapNow = snapshotAt(run, c, k);
      lane.taskNames.forEach(function (name, r) {
        var ty = L.taskY[r] - off;
        gutterText(ty, z.task, name);
        drawGroup(body, lane.tasks[r], w, ty, z.task - 1, function (sp) {
          return sp.w && waitedLock(sp.w, run.lockNames) ? '#e8b4ae' : STATE_COLOR[sp.st] || '#ccc';
        },
          taskLabel, function (sp) { return 'task-state ' + sp.st; }, true);
        var at = spanAt(lane.tasks[r], k);
        if (at) {
          // Since when, as the state pane says it: the task's own wait start, not the bar's (a CPU's first snapshot).
          var since = at.s;
          (snapNow ? snapNow.snap.tasks : []).forEach(function (t) { if (t.comm === at.n && t.since >= 0) { since = t.since; } });
          labels.push([ty, z.task - 1, taskLabel(at) + (at.w ? (IDLE_WAITS[at.w] ? ', since step ' : ' since step ') + since : '')]);
        }
        (lane.holds[r] || []).forEach(function (group, stripe) {
          var y = L.lockY[r] - off + stripe * z.lock;
          drawGroup(body, group, w, y + 1, z.lock - 2, function (h) { return lockColor(h.n); }, holdLabel, function () { return 'hold'; }, true);
          var h = spanAt(group, k);
          if (h) { labels.push([y + 1, z.lock - 2, holdLabel(h)]); }
        });
      });
      drawMarks(body, lane.marks, w, y0, L.h);
    }

    /** Cuts each in-bar label short of the first callout or mark in its row (the bar's title keeps it whole), or drops it. */
    function clearObstacles() {
      inline.forEach(function (l) {
        var end = l.x0 + l.t.getComputedTextLength();
        obstacles.forEach(function (o) {
          if (o.y0 < l.y + l.h && l.y < o.y1 && o.x0 < end && l.x0 < o.x1) { end = Math.min(end, o.x0 - 2); }
        });
        if (end >= l.x0 + l.t.getComputedTextLength()) { return; }
        var room = Math.floor((end - l.x0) / (l.font * 0.62));
        if (l.x0 >= end || room < 3) { l.t.remove(); } else { l.t.textContent = l.text.slice(0, room - 1) + '\u2026'; }
      });
    }

    /** Where a hold's stripe is drawn, at the current scroll. */
    function holdY(h, off) {
      var L = lay.lanes[h.cpu], z = sizes();
      return (h.row >= 0 ? L.lockY[h.row] : L.irqY) - off + h.stripe * z.lock + z.lock / 2;
    }

    /** Wait-for arrows at the current step: from every context or task that spins or sleeps on a lock to its holder. */
    function renderWaits(w, off) {
      var k = state.k, held = holdsAt(run, k), z = sizes();
      if (!held.length) { return; }
      var names = held.map(function (h) { return h.n; });
      var xk = x(k + 1, w) + 1;
      function arrow(y1, who, waitsOn, c) {
        var lock = waitedLock(waitsOn, names);
        if (!lock) { return; }
        held.filter(function (h) { return h.n === lock; }).forEach(function (h) {
          var y2 = holdY(h, off), bend = Math.min(RIGHT_PAD - 30, Math.max(24, Math.abs(y2 - y1) / 2));
          var g = svg('g', { class: 'wait-for' }, body);
          g.dataset.waiter = who;
          g.dataset.holder = h.holder;
          svg('path', { d: 'M' + xk + ' ' + y1 + ' C' + (xk + bend) + ' ' + y1 + ' ' + (xk + bend) + ' ' + y2 + ' ' + (xk + 2) + ' ' + y2,
            fill: 'none', stroke: '#b42318', 'stroke-width': 3, 'marker-end': 'url(#' + waitId + ')' }, g);
          svgText(g, xk + bend * 0.75 + 3, (y1 + y2) / 2 + 4, 'waits', 'wait-label');
          tip(g, 'CPU' + c + ' ' + who + ' ' + waitsOn + ': waits for CPU' + h.cpu + ' ' + h.holder + ', which holds ' + lock);
        });
      }
      lay.lanes.forEach(function (L, c) {
        var at = snapshotAt(run, c, k);
        if (!at) { return; }
        var snap = at.snap, base = snap.stack.length && snap.stack[0].kind !== 'task' ? 1 : 0;
        snap.stack.forEach(function (ctx, d) {
          if (ctx.waitsOn && ctx.kind !== 'task') {
            arrow(L.ctxY - off + Math.min(d + base, 2) * z.ctx + z.ctx / 2, ctx.kind + ' ' + ctx.label, ctx.waitsOn, c);
          }
        });
        snap.tasks.forEach(function (t) {
          var r = run.lanes[c].taskNames.indexOf(t.comm);
          if (t.waitsOn && r >= 0) { arrow(L.taskY[r] - off + z.task / 2, 'task ' + t.comm, t.waitsOn, c); }
        });
      });
    }

    /** call_rcu() to its callback: an arrow between the two lanes, drawn when the window shows part of it. */
    function renderCallbacks(w, off) {
      var lo = state.start, hi = state.start + state.span, z = sizes();
      run.cbs.forEach(function (cb) {
        var end = cb.is >= 0 ? cb.is : cb.qs;
        if (end + 1 < lo || cb.qs > hi || cb.qc < 0) { return; }
        var x1 = x(cb.qs + 0.5, w), y1 = lay.lanes[cb.qc].ctxY - off + z.ctx / 2;
        var g = svg('g', { class: 'clickable' }, body);
        if (cb.is < 0) {
          svg('circle', { cx: x1, cy: y1, r: 4, fill: 'none', stroke: '#8e44ad', 'stroke-width': 1.5 }, g);
          tip(g, 'call_rcu #' + cb.id + ' at step ' + cb.qs + ', never invoked: ' + cb.text);
          return;
        }
        var x2 = x(cb.is + 0.5, w), y2 = lay.lanes[cb.ic].ctxY - off + z.ctx / 2;
        var bend = Math.max(18, Math.min(60, (x2 - x1) / 3)), sag = Math.max(y1, y2) + 24;
        svg('path', { d: 'M' + x1 + ' ' + y1 + ' C' + (x1 + bend) + ' ' + sag + ' ' + (x2 - bend) + ' ' + sag + ' '
          + x2 + ' ' + y2, fill: 'none', stroke: '#8e44ad', 'stroke-width': 1.6, 'marker-end': 'url(#' + arrowId + ')' }, g);
        svg('circle', { cx: x1, cy: y1, r: 2.5, fill: '#8e44ad' }, g);
        tip(g, 'call_rcu #' + cb.id + ' (step ' + cb.qs + ', CPU' + cb.qc + ') \u2192 invoked at step ' + cb.is + ' on CPU' + cb.ic
          + ': ' + cb.text);
        g.addEventListener('click', function (e) { e.stopPropagation(); setStep(cb.is); });
      });
    }

    function marker(defs, id, color, size) {
      var m = svg('marker', { id: id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: size, markerHeight: size,
        orient: 'auto-start-reverse' }, defs);
      svg('path', { d: 'M0 0L10 5L0 10z', fill: color }, m);
    }

    function renderBody(w) {
      clear(body);
      var h = lanes.clientHeight, off = lanes.scrollTop;
      body.setAttribute('width', w);
      body.setAttribute('height', h);
      body.style.top = off + 'px';
      var defs = svg('defs', {}, body);
      marker(defs, arrowId, '#8e44ad', 7);
      marker(defs, waitId, '#b42318', 4);
      var labels = [];
      inline = [];
      obstacles = [];
      drawCursor(body, w, h, true);
      lay.lanes.forEach(function (L, c) {
        if (L.y + L.h > off && L.y < off + h) { renderLane(c, L, off, w, labels); }
      });
      renderCallbacks(w, off);
      drawCursor(body, w, h, false);
      labels.forEach(function (l) { callout(body, w, l[0], l[1], l[2]); });
      clearObstacles();
      renderWaits(w, off);
    }

    function onClick(e, node) {
      var rect = node.getBoundingClientRect();
      var px = e.clientX - rect.left;
      if (px > GUTTER) { setStep(stepAt(px, width())); }
    }

    function onWheel(e) {
      var w = width(), rect = lanes.getBoundingClientRect();
      var frac = Math.min(1, Math.max(0, (e.clientX - rect.left - GUTTER) / plotW(w)));
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        setSpan(state.span * (e.deltaY > 0 ? 1.25 : 0.8), state.start + frac * state.span, frac);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        var d = (e.shiftKey ? e.deltaY : e.deltaX) * state.span / plotW(w);
        state.start = clampStart(state.start + d);
        requestRender();
      }
    }

    lanes.addEventListener('scroll', requestRender);
    lanes.addEventListener('wheel', onWheel, { passive: false });
    top.addEventListener('wheel', onWheel, { passive: false });
    body.addEventListener('click', function (e) { onClick(e, body); });
    top.addEventListener('click', function (e) { onClick(e, top); });

    return {
      node: section,
      width: width,
      render: function () {
        sizeLanes();
        var w = width();
        renderTop(w);
        renderBody(w);
      }
    };
  }

  // ---- panels --------------------------------------------------------------------------------

  function panel(title) {
    var p = el('div', 'panel');
    p.appendChild(el('h2', null, title));
    return p;
  }

  function stepLink(s, text) {
    var b = el('button', 'step-link', text || 'step ' + s);
    b.type = 'button';
    b.addEventListener('click', function () { setStep(s); });
    return b;
  }

  /** Who an event is: "CPU0 · task ip", or the message's "cpu0 → lock:A". */
  function who(run, i) {
    var ev = run.ev, S = run.S;
    if (ev.from[i] >= 0) { return S[ev.from[i]] + ' \u2192 ' + S[ev.to[i]]; }
    return ev.cpu[i] < 0 ? 'rcu' : 'CPU' + ev.cpu[i] + ' \u00B7 ' + S[ev.ctx[i]];
  }

  /** What each usage bit (usage_str[]) means, for a student. */
  var BIT_MEANING = {
    'IN-HARDIRQ-W': 'taken in hardirq context', 'IN-HARDIRQ-R': 'read-taken in hardirq context',
    'HARDIRQ-ON-W': 'taken with hardirqs enabled', 'HARDIRQ-ON-R': 'read-taken with hardirqs enabled',
    'IN-SOFTIRQ-W': 'taken in softirq context', 'IN-SOFTIRQ-R': 'read-taken in softirq context',
    'SOFTIRQ-ON-W': 'taken with softirqs enabled', 'SOFTIRQ-ON-R': 'read-taken with softirqs enabled',
    'INITIAL USE': 'first use', 'INITIAL READ USE': 'first use, as a reader'
  };

  /** A class's {ABCD} usage characters from the bits set by step k (get_usage_chars()). */
  function usageAt(cls, k) {
    var set = {};
    cls.bits.forEach(function (b) { if (b[1] >= 0 && b[1] <= k) { set[b[0]] = true; } });
    var out = '';
    ['HARDIRQ-%-W', 'HARDIRQ-%-R', 'SOFTIRQ-%-W', 'SOFTIRQ-%-R'].forEach(function (p) {
      var irq = p.slice(0, 7), rw = p.slice(-1), inIrq = set['IN-' + irq + '-' + rw], on = set[irq + '-ON-' + rw];
      out += on ? (inIrq ? '?' : '+') : (inIrq ? '-' : '.');
    });
    return '{' + out + '}';
  }

  /** What lockdep did at step k: the usage bits it set (and the usage they make) and the reports it printed, or null. */
  function lockdepAt(run, k) {
    var ld = run.lockdep, box = el('div', 'ev-at lockdep-at');
    ld.classes.forEach(function (c) {
      var now = c.bits.filter(function (b) { return b[1] === k; });
      if (!now.length) { return; }
      var line = el('div', 'what usage-set');
      line.dataset.lock = c.name;
      line.appendChild(document.createTextNode('lockdep: '));
      line.appendChild(el('span', 'mono', c.name));
      line.appendChild(document.createTextNode(' gets '));
      now.forEach(function (b, i) {
        if (i) { line.appendChild(document.createTextNode(', ')); }
        line.appendChild(el('span', 'mono bit', b[0]));
        if (BIT_MEANING[b[0]]) { line.appendChild(document.createTextNode(' (' + BIT_MEANING[b[0]] + ')')); }
      });
      line.appendChild(document.createTextNode(' \u2192 usage '));
      line.appendChild(el('span', 'mono', usageAt(c, k)));
      box.appendChild(line);
    });
    ld.reports.forEach(function (r) {
      if (r.step !== k) { return; }
      var line = el('div', 'what lockdep-report', 'lockdep report: ' + r.kind + (r.lock ? ' on ' + r.lock : '')
        + (r.usage ? ' ' + r.usage : ''));
      line.appendChild(el('span', 'muted where-splat', ' (the splat is in the Lockdep panel below)'));
      box.appendChild(line);
    });
    return box.childNodes.length ? box : null;
  }

  /** What happened at step k, event by event, and what lockdep did. */
  function StepDetails(run) {
    var p = panel('At this step');
    p.classList.add('step-details');
    var box = el('div');
    p.appendChild(box);
    return {
      node: p,
      render: function () {
        clear(box);
        var k = state.k, step = run.step, ev = run.ev, S = run.S;
        var i = firstAtOrAfter(run.n, function (j) { return step[j]; }, k);
        if (i >= run.n || step[i] !== k) {
          box.appendChild(el('div', 'muted', 'Nothing happened at step ' + k + ' in this run; every CPU keeps its state.'));
          return;
        }
        var lockdep = lockdepAt(run, k);
        for (; i < run.n && step[i] === k; i++) {
          var kind = S[ev.kind[i]], msg = ev.from[i] >= 0;
          var changes = run.list(ev.changes[i]);
          var d = el('div', 'ev-at' + (kind === 'deadlock' ? ' deadlock' : '') + (msg ? ' msg' : '') + (msg && !changes.length ? ' quiet' : ''));
          d.appendChild(el('div', 'sub who', who(run, i) + ' \u00B7 ' + (msg ? 'message ' + S[ev.msg[i]] : kind)));
          if (!msg) { d.appendChild(el('div', 'what mono', S[ev.text[i]])); }
          if (changes.length) { d.appendChild(el('div', 'sub changes', (msg ? '' : 'changes: ') + changes.join('; '))); }
          var chain = run.list(ev.chain[i]);
          if (chain.length) { d.appendChild(el('div', 'sub chain', 'call chain: ' + chain.join(' \u2190 '))); }
          if (S[ev.where[i]]) { d.appendChild(el('div', 'sub chain', 'at ' + S[ev.where[i]])); }
          box.appendChild(d);
          // Right after the step's own event: lockdep runs inside it (lock_acquire()).
          if (lockdep && !msg) { box.appendChild(lockdep); lockdep = null; }
        }
        if (lockdep) { box.appendChild(lockdep); }
      }
    };
  }

  function waitText(waitsOn, since) {
    return waitsOn ? waitsOn + (since >= 0 ? ' since step ' + since : '') : '\u2014';
  }

  /**
   * Every CPU after step k, from its last snapshot: its context stack with what each holds and
   * waits on, its counts, and every task bound to it, running or not. RCU and refcounts likewise.
   */
  function MachineState(run) {
    var p = panel('Machine state after this step');
    var wrap = el('div', 'cpus');
    p.appendChild(wrap);
    p.appendChild(el('h3', null, 'RCU'));
    var rcu = el('div', 'rcu-state mono');
    p.appendChild(rcu);
    p.appendChild(el('h3', null, 'Refcounts'));
    var refs = el('div', 'rcu-state mono');
    p.appendChild(refs);

    function last(list, k) {
      var step = run.step;
      return lastAtOrBefore(list.length, function (j) { return step[list[j]]; }, k);
    }

    /**
     * CPU c before its first step: the task its first step ran is its current task, holding nothing
     * yet; the others are as that step left them (they did not run). Null when c never steps.
     */
    function initialSnapshot(c) {
      var list = run.byCpu[c], ev = run.ev, S = run.S;
      for (var j = 0; j < list.length; j++) {
        var i = list[j];
        if (ev.snap[i] < 0 || ev.from[i] >= 0) { continue; }
        var first = run.snapshot(ev.snap[i]), ctx = S[ev.ctx[i]];
        var cur = ctx.lastIndexOf('task ', 0) === 0 ? ctx.slice(5) : null;
        return {
          first: run.step[i], stack: cur ? [{ kind: 'task', label: cur, holds: [], waitsOn: null, since: -1 }] : [],
          tasks: first.tasks.map(function (t) {
            return t.comm === cur ? { comm: t.comm, pid: t.pid, state: 'running', holds: [], waitsOn: null, since: -1 } : t;
          })
        };
      }
      return null;
    }

    function cpuBlock(c, k) {
      var box = el('div', 'cpu');
      box.dataset.cpu = String(c);
      var at = snapshotAt(run, c, k);
      var head = el('div', 'cpu-head');
      head.appendChild(el('strong', null, 'CPU' + c + ' '));
      var st = el('span', 'cpu-state mono');
      head.appendChild(st);
      box.appendChild(head);
      var snap;
      if (!at) {
        snap = initialSnapshot(c);
        if (!snap) {
          st.textContent = '(no event in this run)';
          return box;
        }
        st.textContent = (snap.stack.length ? 'task ' + snap.stack[0].label : 'idle') + ' | not stepped yet (its first step is step '
          + snap.first + ')';
      } else {
        snap = at.snap;
        if (run.step[at.i] === k) { box.className += ' chg'; }
        var stack = snap.stack.map(function (x) { return x.kind + ' ' + x.label; }).join(' > ') || 'idle';
        st.textContent = stack + ' | preempt ' + snap.preempt + ' bh ' + snap.bh + ' irqs ' + (snap.irqsOff ? 'off' : 'on')
          + (snap.pending.length ? ' | pending ' + snap.pending.join(' ') : '');
      }
      var t = el('table', 'ctx-table');
      var hr = el('tr');
      ['context / task', 'state', 'holds', 'waits on'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
      t.appendChild(hr);
      snap.stack.forEach(function (x, d) {
        if (x.kind === 'task') { return; }
        var tr = el('tr', 'ctx-row' + (x.waitsOn ? ' waiting' : ''));
        tr.appendChild(el('td', 'mono', '\u2514 ' + x.kind + ' ' + x.label));
        tr.appendChild(el('td', null, d === snap.stack.length - 1 ? 'running' : 'interrupted'));
        tr.appendChild(el('td', 'mono holds', x.holds.join(', ') || '\u2014'));
        tr.appendChild(el('td', 'mono', waitText(x.waitsOn, x.since)));
        t.appendChild(tr);
      });
      snap.tasks.forEach(function (x) {
        var tr = el('tr', 'task-row ' + x.state + (x.waitsOn && !IDLE_WAITS[x.waitsOn] ? ' waiting' : ''));
        tr.dataset.comm = x.comm;
        tr.appendChild(el('td', 'mono', 'task ' + x.comm + ' (' + x.pid + ')'));
        var running = x.state === 'running' && snap.stack.length > 1 ? 'running, interrupted' : x.state;
        tr.appendChild(el('td', null, running));
        tr.appendChild(el('td', 'mono holds', x.holds.join(', ') || '\u2014'));
        tr.appendChild(el('td', 'mono', waitText(x.waitsOn, x.since)));
        t.appendChild(tr);
      });
      box.appendChild(t);
      return box;
    }

    return {
      node: p,
      render: function () {
        var k = state.k, ev = run.ev;
        clear(wrap);
        for (var c = 0; c < run.ncpu; c++) { wrap.appendChild(cpuBlock(c, k)); }
        var ri = last(run.rcuEv, k);
        rcu.textContent = ri >= 0 ? run.rcuText(ev.rcu[run.rcuEv[ri]]) : '\u2014';
        var fi = last(run.refsEv, k);
        refs.textContent = fi >= 0 ? run.list(ev.refs[run.refsEv[fi]]).join('\n') : '\u2014';
      }
    };
  }

  /** Actors in a fixed order: CPUs, then RCU, then the rest by name. */
  function actorOrder(a, b) {
    function rank(x) { return /^cpu\d+$/.test(x) ? [0, Number(x.slice(3)), ''] : x === 'rcu' ? [1, 0, ''] : [2, 0, x]; }
    var ra = rank(a), rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || (ra[2] < rb[2] ? -1 : ra[2] > rb[2] ? 1 : 0);
  }

  /**
   * The messages of the steps shown, as a sequence diagram: a lifeline per actor, an arrow per
   * delivered message, the current step's in bold. A lock request the lock never grants, in a run
   * that ended that way, gets a dashed arrow for the grant that never comes.
   */
  function MessageView(run) {
    var p = panel('Messages between actors');
    var bar = el('div', 'msg-bar');
    bar.appendChild(document.createTextNode('steps shown: '));
    var pick = el('select');
    pick.id = 'msg-window';
    [[5, 'this and 4 before'], [20, 'this and 19 before'], [100, 'this and 99 before']].forEach(function (o) {
      var opt = el('option', null, o[1]);
      opt.value = String(o[0]);
      pick.appendChild(opt);
    });
    pick.value = '20';
    bar.appendChild(pick);
    p.appendChild(bar);
    var headBox = el('div', 'msgs-head');
    var box = el('div', 'msgs');
    p.appendChild(headBox);
    p.appendChild(box);
    pick.addEventListener('change', requestRender);
    box.addEventListener('scroll', function () { headBox.scrollLeft = box.scrollLeft; });
    if (!run.msgs.length) { box.appendChild(el('div', 'muted', 'no messages in this run')); return { node: p, render: function () {} }; }
    var ev = run.ev, S = run.S;
    // The last lock_contended of each (lock, CPU) with no grant after it: its wait never ends.
    var never = {};
    run.msgs.forEach(function (i) {
      var m = S[ev.msg[i]], key = S[ev.from[i]] + '>' + S[ev.to[i]];
      if (m === 'lock_contended') { never[key] = i; } else if (m === 'lock_granted') { delete never[key]; }
    });
    var neverAt = {};
    Object.keys(never).forEach(function (key) { neverAt[never[key]] = true; });

    return {
      node: p,
      render: function () {
        clear(box);
        clear(headBox);
        var k = state.k, lo = k - Number(pick.value) + 1, step = run.step, msgs = run.msgs;
        var a = firstAtOrAfter(msgs.length, function (j) { return step[msgs[j]]; }, lo);
        var b = firstAtOrAfter(msgs.length, function (j) { return step[msgs[j]]; }, k + 1);
        var shown = [], seen = {}, actors = [];
        for (var j = a; j < b; j++) {
          var i = msgs[j];
          shown.push(i);
          [S[ev.from[i]], S[ev.to[i]]].forEach(function (x) { if (!seen[x]) { seen[x] = true; actors.push(x); } });
        }
        if (!shown.length) { box.appendChild(el('div', 'muted', 'no message in steps ' + Math.max(0, lo) + '\u2013' + k)); return; }
        actors.sort(actorOrder);
        var longest = Math.max.apply(null, actors.map(function (x) { return x.length; }));
        var z = sizes(), rowH = Math.round(MSG_ROW_H * z.font / 11), colW = Math.max(80, longest * z.font * 0.32 + 10), left = z.font * 4;
        var extra = shown.filter(function (i) { return neverAt[i] && deadlocked(run, k); }).length;
        var W = left + actors.length * colW, H = 6 + (shown.length + extra) * rowH + 8;
        var hg = svg('svg', { width: W, height: 2 * z.font + 10, class: 'seq-head' }, headBox);
        var g = svg('svg', { width: W, height: H, class: 'seq' }, box);
        var defs = svg('defs', {}, g);
        var mk = svg('marker', { id: 'msg-arrow-' + runs.indexOf(run), viewBox: '0 0 10 10', refX: 9, refY: 5,
          markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, defs);
        svg('path', { d: 'M0 0L10 5L0 10z', fill: '#1d232a' }, mk);
        var col = {};
        actors.forEach(function (x, c) {
          var cx = left + c * colW + colW / 2;
          col[x] = cx;
          svg('line', { x1: cx, x2: cx, y1: 0, y2: H, stroke: '#c8d0d8', 'stroke-dasharray': '3 3' }, g);
          // Names alternate between two lines, so that long ones never overlap.
          svgText(hg, cx, (c % 2 + 1) * (z.font + 3), x, 'actor', 'middle');
        });
        var y = 4;
        function draw(i, from, to, label, cls) {
          var x1 = col[from], x2 = col[to], yy = y + rowH - 4;
          var gg = svg('g', { class: cls }, g);
          gg.dataset.from = from;
          gg.dataset.to = to;
          gg.dataset.msg = label;
          svgText(gg, 2, yy, String(step[i]), 'msg-step');
          if (x1 === x2) {
            svg('path', { d: 'M' + x1 + ' ' + (yy - 6) + ' h24 v6 h-22', fill: 'none', stroke: '#1d232a', 'marker-end': 'url(#' + mk.id + ')' }, gg);
          } else {
            svg('line', { x1: x1, x2: x2 + (x2 > x1 ? -2 : 2), y1: yy, y2: yy, stroke: cls.indexOf('never') >= 0 ? '#b42318' : '#1d232a',
              'stroke-width': step[i] === k ? 2 : 1.2, 'stroke-dasharray': cls.indexOf('never') >= 0 ? '5 4' : 'none',
              'marker-end': 'url(#' + mk.id + ')' }, gg);
          }
          svgText(gg, (x1 + x2) / 2, yy - 3, label, 'msg-label', 'middle');
          tip(gg, 'step ' + step[i] + ': ' + from + ' \u2192 ' + to + ': ' + S[ev.text[i]]);
          y += rowH;
        }
        shown.forEach(function (i) {
          var from = S[ev.from[i]], to = S[ev.to[i]];
          draw(i, from, to, S[ev.msg[i]], 'msg-arrow' + (step[i] === k ? ' now' : ''));
          if (neverAt[i] && deadlocked(run, k)) { draw(i, from, to, 'lock_granted \u2014 never sent', 'msg-arrow msg-never'); }
        });
        box.scrollTop = box.scrollHeight;
      }
    };
  }

  /** Whether the run has reached its deadlock by step k. */
  function deadlocked(run, k) { return run.meta.outcome === 'deadlock' && k >= deadlockStep(run); }

  /**
   * The scenario's code of every context and task at step k: each one's last place in the file
   * (the events' where: file:line:col), a few lines around it, that line highlighted.
   */
  function CodePane(run) {
    var p = panel('Code at this step');
    var box = el('div', 'code');
    p.appendChild(box);
    var SCAN = 4000;

    /** The last event of CPU c at or before k that ran in context ctx and has a place in the file. */
    function lastWhere(c, k, ctx) {
      var list = run.byCpu[c], ev = run.ev, S = run.S, step = run.step, kernel = null;
      var j = lastAtOrBefore(list.length, function (x) { return step[list[x]]; }, k);
      for (var stop = Math.max(0, j - SCAN); j >= stop; j--) {
        var i = list[j];
        if (S[ev.ctx[i]] !== ctx) { continue; }
        if (S[ev.where[i]]) { return { where: S[ev.where[i]], i: i }; }
        if (kernel === null && S[ev.kind[i]] === 'op' && run.L[ev.chain[i]].length) { kernel = { where: null, i: i }; }
      }
      return kernel;
    }

    function snippet(title, place, cls) {
      var d = el('div', 'code-ctx ' + cls);
      d.appendChild(el('div', 'code-title', title));
      if (!place) { d.appendChild(el('div', 'muted', 'not started yet')); return d; }
      if (!place.where) {
        var op = run.S[run.ev.text[place.i]];
        d.appendChild(el('div', 'mono', 'kernel code: ' + op));
        d.appendChild(el('div', 'sub mono', 'in ' + run.list(run.ev.chain[place.i]).join(' \u2190 ')));
        return d;
      }
      var parts = place.where.split(':'), line = Number(parts[parts.length - 2]);
      var pre = el('pre', 'src');
      var from = Math.max(1, line - 2), to = Math.min(run.source ? run.source.length : 0, line + 2);
      if (!run.source || !(line >= 1)) {
        d.appendChild(el('div', 'mono', place.where));
        return d;
      }
      for (var n = from; n <= to; n++) {
        var l = el('div', n === line ? 'line cur' : 'line');
        l.title = run.source[n - 1];
        l.appendChild(el('span', 'ln', String(n)));
        l.appendChild(document.createTextNode(run.source[n - 1]));
        pre.appendChild(l);
      }
      d.appendChild(pre);
      var chain = run.list(run.ev.chain[place.i]);
      d.appendChild(el('div', 'sub mono', place.where + (chain.length ? ' \u00B7 in ' + chain.join(' \u2190 ') : '')));
      return d;
    }

    return {
      node: p,
      render: function () {
        clear(box);
        var k = state.k, shownCpus = Math.min(run.ncpu, 8);
        for (var c = 0; c < shownCpus; c++) {
          var at = snapshotAt(run, c, k);
          if (!at) { continue; }
          var snap = at.snap, running = {};
          snap.stack.slice().reverse().forEach(function (x, r) {
            var d = snap.stack.length - 1 - r;
            var name = x.kind + ' ' + x.label;
            if (x.kind === 'task') { running[x.label] = true; }
            var how = (d === snap.stack.length - 1 ? 'running' : 'interrupted') + (x.waitsOn ? ', waits on ' + x.waitsOn : '');
            box.appendChild(snippet('CPU' + c + ' ' + name + ' (' + how + ')', lastWhere(c, k, name), d === snap.stack.length - 1 ? 'running' : 'interrupted'));
          });
          snap.tasks.forEach(function (t) {
            if (running[t.comm] || t.state === 'exited') { return; }
            var place = lastWhere(c, k, 'task ' + t.comm);
            if (!place && IDLE_WAITS[t.waitsOn]) { return; }
            box.appendChild(snippet('CPU' + c + ' task ' + t.comm + ' (' + t.state + (t.waitsOn ? ' on ' + t.waitsOn : '') + ')', place, t.state));
          });
        }
        if (run.ncpu > shownCpus) { box.appendChild(el('div', 'muted', 'code of CPUs 0\u2013' + (shownCpus - 1) + ' only')); }
      }
    };
  }

  /** The event listing, one row per event; only the rows in view exist. */
  function EventList(run) {
    var p = panel('Events');
    var box = el('div', 'evlist');
    var spacer = el('div');
    spacer.style.height = (run.n * EV_ROW_H) + 'px';
    var rows = el('div', 'evrows');
    box.appendChild(spacer);
    box.appendChild(rows);
    p.appendChild(box);
    var followed = null;

    function draw() {
      clear(rows);
      var ev = run.ev, S = run.S, step = run.step;
      var first = Math.max(0, Math.floor(box.scrollTop / EV_ROW_H));
      var count = Math.ceil(box.clientHeight / EV_ROW_H) + 1;
      rows.style.top = (first * EV_ROW_H) + 'px';
      for (var i = first; i < Math.min(run.n, first + count); i++) {
        var kind = S[ev.kind[i]], msg = ev.from[i] >= 0;
        var row = el('div', 'evrow k-' + kind + (step[i] === state.k ? ' cur' : ''));
        row.appendChild(el('span', 'st', step[i]));
        row.appendChild(el('span', 'cp', msg ? 'msg' : ev.cpu[i] < 0 ? 'rcu' : 'CPU' + ev.cpu[i]));
        var cx = el('span', 'cx', msg ? S[ev.from[i]] + ' \u2192 ' + S[ev.to[i]] : (ev.depth[i] > 0 ? '\u2514 ' : '') + S[ev.ctx[i]]);
        cx.style.paddingLeft = (msg ? 0 : ev.depth[i] * 1.5) + 'ch';
        row.appendChild(cx);
        row.appendChild(el('span', 'tx', msg ? S[ev.msg[i]] : S[ev.text[i]]));
        var changes = run.list(ev.changes[i]);
        if (changes.length) { row.appendChild(el('span', 'ch', '[' + changes.join('; ') + ']')); }
        row.dataset.step = String(step[i]);
        row.addEventListener('click', onRow);
        rows.appendChild(row);
      }
    }

    function onRow(e) { setStep(Number(e.currentTarget.dataset.step)); }

    box.addEventListener('scroll', draw);
    return {
      node: p,
      render: function () {
        if (followed !== state.k) {
          followed = state.k;
          var step = run.step;
          var i = firstAtOrAfter(run.n, function (j) { return step[j]; }, state.k);
          i = Math.min(i, run.n - 1);
          var top = i * EV_ROW_H;
          if (top < box.scrollTop || top + EV_ROW_H > box.scrollTop + box.clientHeight) {
            box.scrollTop = Math.max(0, top - box.clientHeight / 3);
          }
        }
        draw();
      }
    };
  }

  /** What the characters of {+.-.} and -{2:2} in a splat mean (lockdep-design.rst). */
  function usageKey() {
    var d = el('details', 'usage-key');
    d.open = true;
    d.appendChild(el('summary', null, 'key: {+.-.} usage and -{2:2} wait type'));
    var t = el('table');
    [['{ABCD}', 'one character per usage: A hardirq, B hardirq-read, C softirq, D softirq-read'],
      ['.', 'acquired with that irq disabled and not in that irq context (or never)'],
      ['-', 'acquired in that irq context (irq-safe)'],
      ['+', 'acquired with that irq enabled (irq-unsafe)'],
      ['?', 'acquired in that irq context with irqs enabled (both)'],
      ['-{inner:outer}', 'wait types: what the lock is, and where it may be taken'],
      ['1', 'wait-free (RCU readers)'],
      ['2', 'spinning: spinlock_t, rwlock_t, raw_spinlock_t'],
      ['3', 'sleeping: mutex, rw_semaphore']].forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', 'mono', r[0]));
      tr.appendChild(el('td', null, r[1]));
      t.appendChild(tr);
    });
    d.appendChild(t);
    return d;
  }

  /** Lockdep's reports, each class's usage bits (click to go to the step) and the observed lock order. */
  function LockdepPanel(run) {
    var p = panel('Lockdep');
    var ld = run.lockdep;
    if (!ld.reports.length) { p.appendChild(el('div', 'muted', 'lockdep: no report in this run')); }
    ld.reports.forEach(function (r) {
      var h = el('h3', 'lockdep-title', 'lockdep report (' + r.kind + ')' + (r.lock ? ' on ' + r.lock : '') + ' ');
      h.appendChild(stepLink(r.step));
      p.appendChild(h);
      p.appendChild(el('pre', 'splat', r.text.join('\n')));
    });
    if (ld.reports.length || ld.classes.length) { p.appendChild(usageKey()); }
    p.appendChild(el('h3', null, 'Lock classes and when each usage bit was set'));
    var t = el('table');
    var head = el('tr');
    ['class', 'usage', 'bit', 'set at'].forEach(function (x) { head.appendChild(el('th', null, x)); });
    t.appendChild(head);
    ld.classes.forEach(function (c) {
      var bits = c.bits.length ? c.bits : [['\u2014', -1]];
      bits.forEach(function (b, i) {
        var tr = el('tr');
        tr.appendChild(el('td', 'mono', i === 0 ? c.name : ''));
        tr.appendChild(el('td', 'mono', i === 0 ? c.usage : ''));
        tr.appendChild(el('td', 'mono', b[0]));
        var td = el('td');
        if (b[1] >= 0) { td.appendChild(stepLink(b[1])); }
        tr.appendChild(td);
        t.appendChild(tr);
      });
    });
    if (!ld.classes.length) { p.appendChild(el('div', 'muted', 'no lock class was used')); } else { p.appendChild(t); }
    p.appendChild(el('h3', null, 'Lock order seen in this run (held \u2192 taken, by class; the reported edge in red)'));
    p.appendChild(lockGraph(run));
    return { node: p, render: function () {} };
  }

  /**
   * Lockdep's edges plus the ones its reports are about (lockdep reports the edge instead of
   * adding it), the reported ones marked; each as [from, to, first step, count, reported].
   */
  function graphEdges(ld) {
    var out = ld.edges.map(function (e) { return [e[0], e[1], e[2], e[3], false]; });
    ld.reports.forEach(function (r) {
      r.edges.forEach(function (re) {
        var found = out.filter(function (e) { return e[0] === re[0] && e[1] === re[1]; });
        if (found.length) { found[0][4] = true; } else { out.push([re[0], re[1], r.step, 1, true]); }
      });
    });
    return out;
  }

  function lockGraph(run) {
    var ld = run.lockdep, names = [], index = {}, edges = graphEdges(ld);
    function add(n) { if (!(n in index)) { index[n] = names.length; names.push(n); } }
    ld.classes.forEach(function (c) { add(c.name); });
    edges.forEach(function (e) { add(e[0]); add(e[1]); });
    if (!edges.length) { return el('div', 'muted', 'no lock was taken while another was held'); }
    if (names.length > 24) {
      var t = el('table');
      edges.forEach(function (e) {
        var tr = el('tr', e[4] ? 'reported-edge' : null);
        tr.appendChild(el('td', 'mono', e[0] + ' \u2192 ' + e[1] + (e[4] ? '  (reported)' : '')));
        tr.appendChild(el('td', null, e[3] + '\u00D7'));
        var td = el('td');
        td.appendChild(stepLink(e[2], 'first at step ' + e[2]));
        tr.appendChild(td);
        t.appendChild(tr);
      });
      return t;
    }
    var reported = {};
    ld.reports.forEach(function (r) { reported[r.lock] = true; });
    var W = 600, H = Math.min(600, 160 + names.length * 28), cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 60;
    var g = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, class: 'dep-graph' });
    var defs = svg('defs', {}, g);
    var ids = { plain: 'dep-arrow-' + runs.indexOf(run), hot: 'dep-hot-' + runs.indexOf(run) };
    [[ids.plain, '#57606a'], [ids.hot, '#b42318']].forEach(function (m) {
      var mk = svg('marker', { id: m[0], viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8,
        orient: 'auto-start-reverse' }, defs);
      svg('path', { d: 'M0 0L10 5L0 10z', fill: m[1] }, mk);
    });
    var pos = names.map(function (n, i) {
      var a = -Math.PI / 2 + 2 * Math.PI * i / names.length;
      return { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a) };
    });
    edges.forEach(function (e) {
      var a = pos[index[e[0]]], b = pos[index[e[1]]];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      // Two edges between one pair (a cycle of two) bow apart, so both show.
      var nx = -dy / len * 14, ny = dx / len * 14, mx = (a.x + b.x) / 2 + nx, my = (a.y + b.y) / 2 + ny;
      var line = svg('path', { d: 'M' + (a.x + dx * 8 / len) + ' ' + (a.y + dy * 8 / len) + ' Q' + mx + ' ' + my + ' '
        + (b.x - dx * 10 / len) + ' ' + (b.y - dy * 10 / len), fill: 'none',
        stroke: e[4] ? '#b42318' : '#57606a', 'stroke-width': e[4] ? 3 : 1.5, 'marker-end': 'url(#' + (e[4] ? ids.hot : ids.plain) + ')',
        class: 'clickable dep-edge' + (e[4] ? ' reported' : '') });
      line.dataset.from = e[0];
      line.dataset.to = e[1];
      g.appendChild(line);
      tip(line, e[0] + ' \u2192 ' + e[1] + (e[4] ? ': the edge lockdep reported at step ' + e[2]
        : ': first at step ' + e[2] + ', ' + e[3] + ' times'));
      line.addEventListener('click', function () { setStep(e[2]); });
      if (e[4]) {
        svgText(g, mx, my - 4, 'reported', 'edge-label', 'middle');
      }
    });
    names.forEach(function (n, i) {
      svg('circle', { cx: pos[i].x, cy: pos[i].y, r: 7, fill: reported[n] ? '#d9534f' : '#7aa6da', stroke: '#1d232a' }, g);
      var anchorLeft = pos[i].x < cx - 1;
      var t = svgText(g, pos[i].x + (anchorLeft ? -10 : 10), pos[i].y + 4, n);
      t.setAttribute('text-anchor', anchorLeft ? 'end' : 'start');
    });
    return g;
  }

  // ---- wiring --------------------------------------------------------------------------------

  function build() {
    var head = byId('head'), main = byId('main');
    if (compare) { head.className = 'compare'; }
    var labels = compare ? ['A', 'B'] : [null];
    runs.forEach(function (run, i) { head.appendChild(header(run, labels[i])); });
    legend();
    var timelines = runs.map(function (run, i) { return Timeline(run, i, labels[i]); });
    timelines.forEach(function (t) { main.appendChild(t.node); views.push(t); });
    var columns = runs.map(function (run, i) {
      var col = el('div');
      if (labels[i]) { col.appendChild(el('h2', null, labels[i] + ': seed ' + run.meta.seed + ', ' + run.meta.file)); }
      var parts = [StepDetails(run), CodePane(run), MachineState(run), MessageView(run), EventList(run), LockdepPanel(run)];
      parts.forEach(function (v, j) {
        if (j >= 3) { v.node.classList.add('secondary'); }
        col.appendChild(v.node);
        views.push(v);
      });
      return col;
    });
    var grid = el('div', 'grid');
    if (compare) {
      columns.forEach(function (c) { grid.appendChild(c); });
    } else {
      // One run: what happened and the code on the left, the state and the messages on the right, then the listing and lockdep.
      var parts = Array.prototype.slice.call(columns[0].children), left = el('div'), right = el('div');
      [0, 1, 4].forEach(function (j) { left.appendChild(parts[j]); });
      [2, 3, 5].forEach(function (j) { right.appendChild(parts[j]); });
      grid.appendChild(left);
      grid.appendChild(right);
    }
    main.appendChild(grid);

    var slider = byId('step-slider');
    slider.min = String(Math.min(firstStep, 0));
    slider.max = String(lastStep);
    slider.addEventListener('input', function () { setStep(Number(slider.value)); });
    byId('btn-next').addEventListener('click', nextStep);
    byId('btn-prev').addEventListener('click', prevStep);
    byId('btn-play').addEventListener('click', togglePlay);
    byId('btn-first').addEventListener('click', function () { setStep(firstStep); });
    byId('btn-last').addEventListener('click', function () { setStep(lastStep); });
    byId('btn-zoom-in').addEventListener('click', function () { setSpan(state.span / 2, state.k + 0.5, 0.5); });
    byId('btn-zoom-out').addEventListener('click', function () { setSpan(state.span * 2, state.k + 0.5, 0.5); });
    byId('btn-zoom-all').addEventListener('click', function () { setSpan(lastStep + 1, 0, 0); });
    var speed = byId('play-speed');
    SPEEDS.forEach(function (sp) {
      var o = el('option', null, sp[0]);
      o.value = String(sp[1]);
      speed.appendChild(o);
    });
    speed.value = String(state.playMs);
    speed.addEventListener('change', function () {
      state.playMs = Number(speed.value);
      if (state.playing) { togglePlay(); togglePlay(); }
    });
    byId('btn-present').addEventListener('click', togglePresent);
    window.addEventListener('hashchange', function () {
      var k = hashStep();
      if (k !== null) { setPresent(/&present$/.test(location.hash)); setStep(k); }
    });
    document.addEventListener('keydown', function (e) {
      var tag = e.target && e.target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) { return; }
      if (e.key === 'ArrowRight') { nextStep(); } else if (e.key === 'ArrowLeft') { prevStep(); } else if (e.key === 'Home') {
        setStep(firstStep);
      } else if (e.key === 'End') { setStep(lastStep); } else if (e.key === 'p') { togglePlay(); } else if (e.key === 'f') {
        togglePresent();
      } else { return; }
      e.preventDefault();
    });
    window.addEventListener('resize', requestRender);

    // About 14 px per step to start with, or the whole run when it fits.
    var w = timelines[0].width() - GUTTER;
    state.span = Math.max(8, Math.min(lastStep + 1, Math.floor(w / 14)));
    var k = hashStep();
    if (/&present$/.test(location.hash)) { setPresent(true); }
    if (k !== null) { state.k = Math.max(Math.min(k, lastStep), Math.min(firstStep, 0)); }
    state.start = clampStart(state.k - state.span / 2);
    render();
  }

  /** The step in the address (#step=N, or #step=N&present in presentation mode), or null. */
  function hashStep() {
    var m = /^#step=(\d+)(&present)?$/.exec(location.hash);
    return m ? Number(m[1]) : null;
  }

  /** Presentation mode: large type, and only the timeline, the code and the state. */
  function togglePresent() { setPresent(!document.body.classList.contains('present')); }

  function setPresent(on) {
    document.body.classList.toggle('present', on);
    byId('btn-present').textContent = on ? 'normal view' : 'presentation';
    requestRender();
  }

  try {
    build();
  } catch (err) {
    var box = el('p', 'error', 'The report could not be drawn: ' + err);
    document.body.insertBefore(box, document.body.firstChild);
    throw err;
  }
}());
