// Meishi's web UI: one page, no build step, no library.
//
// Pages (hash routes): #/login, #/capture (a rep's phone page), #/review
// (the admin's review desk), #/leads (search, filters, export, merge),
// #/lead/ID (a lead and its audit trail), #/users and #/tokens.
//
// Safety rules kept throughout:
// - Every string that came from a card (OCR text, edited fields, event
//   tags, user names) goes into the page as a text node or an input's
//   value, never as HTML: the h() helper below has no way to set markup.
// - The session is an HttpOnly cookie the script never sees. The CSRF
//   token lives only in memory (state.csrf): after a reload it is fetched
//   again from GET /api/session, which answers it for a cookie session, so
//   nothing secret is ever written to localStorage or sessionStorage.
//   localStorage holds only the chosen language and the last event tag.
// - Every write sends X-CSRF-Token.

import { t, lang, setLang, FIELDS, fieldName } from './i18n.js';

const state = { user: null, csrf: null };
const LOW_CONF = 0.6;
const WIDE = ['name', 'company', 'address', 'email', 'url'];

// ---- DOM helpers ---------------------------------------------------------

function h(tag, attrs, ...kids) {
	const el = document.createElement(tag);
	let value = null;
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false) continue;
		if (k.startsWith('on') && typeof v === 'function')
			el.addEventListener(k.slice(2), v);
		else if (k === 'class') el.className = v;
		else if (k === 'value') value = v;
		else if (k === 'checked') el.checked = !!v;
		else el.setAttribute(k, v === true ? '' : String(v));
	}
	for (const c of kids.flat(Infinity)) {
		if (c === null || c === undefined || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	if (value !== null) el.value = value;
	return el;
}

const $ = (sel, root = document) => root.querySelector(sel);
const main = () => $('#main');

function show(...nodes) {
	const m = main();
	m.replaceChildren(...nodes.flat());
}

let toastTimer = 0;
function toast(msg, bad = false) {
	const el = $('#toast');
	el.textContent = msg;
	el.classList.toggle('bad', bad);
	el.classList.add('on');
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => el.classList.remove('on'), 4000);
}

function fmtDate(iso) {
	if (!iso) return '';
	const d = new Date(iso);
	if (isNaN(d)) return iso;
	return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
		year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit',
	}).format(d);
}

function randomKey() {
	const b = new Uint8Array(16);
	crypto.getRandomValues(b);
	return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// A modal <dialog>; resolves to the form's values, or null on cancel.
function modal(title, body, okLabel, danger = false) {
	return new Promise((resolve) => {
		const form = h('form', { method: 'dialog', class: 'dlg-form' },
			h('h2', { id: 'dlg-title' }, title), body,
			h('div', { class: 'row end' },
				h('button', { type: 'button', class: 'ghost', value: 'cancel',
					onclick: () => dlg.close('cancel') }, t('cancel')),
				h('button', { type: 'submit', value: 'ok',
					class: danger ? 'danger' : '' }, okLabel)));
		const dlg = h('dialog', { 'aria-labelledby': 'dlg-title' }, form);
		dlg.addEventListener('close', () => {
			const ok = dlg.returnValue === 'ok';
			const vals = ok ? Object.fromEntries(new FormData(form)) : null;
			dlg.remove();
			resolve(vals);
		});
		document.body.append(dlg);
		dlg.showModal();
	});
}

// ---- API -----------------------------------------------------------------

class ApiError extends Error {
	constructor(status, code, message) {
		super(message);
		this.status = status;
		this.code = code;
	}
}

async function api(method, path, body, headers = {}) {
	const opt = { method, headers: { ...headers }, credentials: 'same-origin' };
	if (body !== undefined) {
		opt.headers['Content-Type'] = 'application/json';
		opt.body = JSON.stringify(body);
	}
	if (method !== 'GET' && state.csrf) opt.headers['X-CSRF-Token'] = state.csrf;
	let res;
	try {
		res = await fetch(path, opt);
	} catch (e) {
		throw new ApiError(0, 'network', e.message || 'network error');
	}
	const ct = res.headers.get('Content-Type') || '';
	const data = ct.includes('json') ? await res.json().catch(() => null) : null;
	if (!res.ok) {
		const err = data && data.error ? data.error : {};
		if (res.status === 401 && path !== '/api/session') {
			state.user = null;
			state.csrf = null;
			location.hash = '#/login';
		}
		throw new ApiError(res.status, err.code || 'http',
			err.message || res.statusText);
	}
	return data;
}

const ifMatch = (lead) => ({ 'If-Match': `"${lead.version}"` });

// ---- Session and chrome --------------------------------------------------

async function loadSession() {
	try {
		const s = await api('GET', '/api/session');
		state.user = s.user;
		state.csrf = s.csrf_token || null;
	} catch (e) {
		state.user = null;
		state.csrf = null;
	}
}

const isAdmin = () => state.user && state.user.role === 'admin';

function chrome() {
	const top = $('#top');
	top.hidden = !state.user;
	document.documentElement.lang = lang;
	document.title = t('app');
	$('#skip').textContent = lang === 'ja' ? '本文へ移動' : 'Skip to content';
	$('#lang-label').textContent = t('language');
	$('#lang').value = lang;
	$('#logout').textContent = t('logout');
	$('#nav').setAttribute('aria-label', t('nav'));
	if (!state.user) return;
	$('#who-name').textContent = t('signed_in_as', state.user.name);
	const items = isAdmin()
		? [['review', 'nav_review'], ['leads', 'nav_leads'],
			['capture', 'nav_capture'], ['users', 'nav_users'],
			['tokens', 'nav_tokens']]
		: [['capture', 'nav_capture']];
	const here = currentPage();
	$('#nav').replaceChildren(...items.map(([p, k]) => h('a', {
		href: `#/${p}`, 'aria-current': here === p ? 'page' : null,
	}, t(k))));
}

function currentPage() {
	return location.hash.replace(/^#\/?/, '').split('/')[0];
}

// ---- Router --------------------------------------------------------------

const cleanups = new Set();
function onLeave(fn) { cleanups.add(fn); }

const pages = {
	login: { fn: loginPage, anon: true },
	capture: { fn: capturePage },
	review: { fn: reviewPage, admin: true },
	leads: { fn: leadsPage, admin: true },
	lead: { fn: leadPage, admin: true },
	users: { fn: usersPage, admin: true },
	tokens: { fn: tokensPage, admin: true },
};

async function route() {
	$('#toast').classList.remove('on');
	for (const fn of cleanups) fn();
	cleanups.clear();
	const parts = location.hash.replace(/^#\/?/, '').split('/');
	let name = parts[0];
	if (!state.user && name !== 'login') {
		location.hash = '#/login';
		return;
	}
	if (!name || (name === 'login' && state.user)) {
		location.hash = isAdmin() ? '#/review' : '#/capture';
		return;
	}
	chrome();
	const page = pages[name];
	if (!page) {
		show(h('p', { class: 'notice', role: 'alert' }, t('not_found')));
		return;
	}
	if (page.admin && !isAdmin()) {
		show(h('section', { class: 'panel narrow' },
			h('h1', {}, t('admins_only')),
			h('p', {}, h('a', { href: '#/capture' }, t('nav_capture')))));
		return;
	}
	try {
		await page.fn(...parts.slice(1));
	} catch (e) {
		if (e.status !== 401)
			show(h('p', { class: 'notice', role: 'alert' }, t('error', e.message)));
	}
}

// ---- Login ---------------------------------------------------------------

function loginPage() {
	const msg = h('p', { class: 'error', role: 'alert', id: 'login-error' });
	const form = h('form', { class: 'panel narrow login', onsubmit: async (ev) => {
		ev.preventDefault();
		msg.textContent = '';
		const fd = new FormData(form);
		try {
			const r = await api('POST', '/api/session', {
				username: fd.get('username'), password: fd.get('password'),
			});
			state.user = r.user;
			state.csrf = r.csrf_token;
			location.hash = r.user.role === 'admin' ? '#/review' : '#/capture';
		} catch (e) {
			msg.textContent = e.status === 401 ? t('bad_login') : e.message;
		}
	} },
	h('h1', {}, h('span', { class: 'logo', 'aria-hidden': 'true' }, '名刺'), t('login_title')),
	h('label', { for: 'username' }, t('username')),
	h('input', { id: 'username', name: 'username', autocomplete: 'username',
		required: true, autocapitalize: 'none', spellcheck: 'false' }),
	h('label', { for: 'password' }, t('password')),
	h('input', { id: 'password', name: 'password', type: 'password',
		autocomplete: 'current-password', required: true }),
	msg,
	h('button', { type: 'submit', class: 'wide' }, t('login')),
	langSwitch());
	$('#top').hidden = true;
	show(form);
	$('#username').focus();
}

function langSwitch() {
	return h('p', { class: 'row center' },
		h('button', { type: 'button', class: 'link', lang: 'ja',
			onclick: () => { setLang('ja'); route(); } }, '日本語'),
		' · ',
		h('button', { type: 'button', class: 'link', lang: 'en',
			onclick: () => { setLang('en'); route(); } }, 'English'));
}

// ---- The rep's capture page ----------------------------------------------

const uploads = [];   // this page session's photos, newest last
let uploadBusy = false;
let pollTimer = 0;

function cardStatusText(it) {
	switch (it.state) {
	case 'waiting': return t('st_waiting');
	case 'uploading': return t('st_uploading', it.pct);
	case 'retrying': return t('st_retrying', it.tries);
	case 'upload_failed': return t('st_upload_failed', it.error);
	case 'queued': return t('st_queued');
	case 'scanning': return t('st_scanning');
	case 'done': return t('st_done');
	case 'failed': return t('st_failed', it.error);
	}
	return it.state;
}

function drawUpload(it) {
	if (!it.node) {
		it.thumb = URL.createObjectURL(it.file);
		it.node = h('li', { class: 'up' });
	}
	const f = it.lead && it.lead.fields ? it.lead.fields : null;
	const kids = [
		h('img', { src: it.thumb, alt: t('photo_of', it.n), class: 'thumb' }),
		h('div', { class: 'up-body' },
			h('p', { class: `st st-${it.state}`, 'data-testid': 'status' },
				cardStatusText(it)),
			it.state === 'uploading'
				? h('progress', { max: 100, value: it.pct,
					'aria-label': t('st_uploading', it.pct) }) : null,
			it.state === 'done' ? h('p', { class: 'who-card' },
				h('strong', { class: 'card-name' },
					(f && f.name) || t('no_name')),
				f && f.company ? h('span', { class: 'card-co' }, f.company) : null)
				: null,
			it.event ? h('p', { class: 'muted small' }, it.event) : null,
			it.n > 1 ? h('label', { class: 'pair' },
				h('input', { type: 'checkbox', checked: !!it.wantPair,
					disabled: !!it.paired,
					onchange: (e) => { it.wantPair = e.target.checked; tryPair(it); } }),
				it.paired ? t('pair_done', it.n - 1) : t('pair_label')) : null,
			it.state === 'upload_failed'
				? h('button', { type: 'button', class: 'small-btn',
					onclick: () => { it.tries = 0; it.state = 'waiting';
						drawUpload(it); pump(); } }, t('retry'))
				: null),
	];
	it.node.replaceChildren(...kids);
	it.node.dataset.state = it.state;
}

// Two photos as one card: this one is the back of the one before it.
async function tryPair(it) {
	const front = uploads[it.n - 2];
	if (!it.wantPair || it.paired || !front || !it.cardId || !front.cardId) return;
	try {
		await api('POST', `/api/cards/${it.cardId}/pair`, { front: front.cardId });
		it.paired = true;
	} catch (e) {
		it.wantPair = false;
		toast(t('error', e.message), true);
	}
	drawUpload(it);
}

function pump() {
	if (uploadBusy) return;
	const it = uploads.find((u) => u.state === 'waiting');
	if (!it) return;
	uploadBusy = true;
	sendOne(it);
}

function sendOne(it) {
	it.state = 'uploading';
	it.pct = 0;
	drawUpload(it);
	const xhr = new XMLHttpRequest();
	const q = it.event ? `?event=${encodeURIComponent(it.event)}` : '';
	xhr.open('POST', `/api/cards${q}`);
	const type = it.file.type && it.file.type.startsWith('image/')
		? it.file.type : 'image/jpeg';
	xhr.setRequestHeader('Content-Type', type);
	xhr.setRequestHeader('X-CSRF-Token', state.csrf || '');
	// The same key on every retry: the server answers a replay with the
	// first answer instead of storing the photo twice.
	xhr.setRequestHeader('Idempotency-Key', it.key);
	xhr.upload.onprogress = (e) => {
		if (!e.lengthComputable) return;
		it.pct = Math.min(100, Math.round((100 * e.loaded) / e.total));
		drawUpload(it);
	};
	const done = () => { uploadBusy = false; pump(); };
	const retry = (why) => {
		it.tries++;
		if (it.tries > 4) {
			it.state = 'upload_failed';
			it.error = why;
			drawUpload(it);
			done();
			return;
		}
		it.state = 'retrying';
		drawUpload(it);
		setTimeout(() => sendOne(it), 800 * 2 ** it.tries);
	};
	xhr.onerror = () => retry(lang === 'ja' ? '接続できません' : 'no connection');
	xhr.ontimeout = xhr.onerror;
	xhr.onload = () => {
		let data = null;
		try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
		if (xhr.status === 401) {
			location.hash = '#/login';
			uploadBusy = false;
			return;
		}
		if (xhr.status >= 500 || xhr.status === 429 || xhr.status === 0) {
			retry((data && data.error && data.error.message) || `HTTP ${xhr.status}`);
			return;
		}
		const card = data && data.cards && data.cards[0];
		if (xhr.status >= 400 || !card || card.error) {
			it.state = 'upload_failed';
			it.error = (card && card.error && card.error.message) ||
				(data && data.error && data.error.message) || `HTTP ${xhr.status}`;
			drawUpload(it);
			done();
			return;
		}
		it.cardId = card.id;
		it.state = card.status === 'done' || card.status === 'failed'
			? 'queued' : card.status;
		drawUpload(it);
		tryPair(it);
		if (uploads[it.n]) tryPair(uploads[it.n]);
		startPolling();
		done();
	};
	xhr.send(it.file);
}

function startPolling() {
	if (pollTimer) return;
	pollTimer = setInterval(poll, 1200);
}

async function poll() {
	const live = uploads.filter((u) => u.cardId &&
		(u.state === 'queued' || u.state === 'scanning'));
	if (!live.length) {
		clearInterval(pollTimer);
		pollTimer = 0;
		return;
	}
	let finished = false;
	for (const it of live) {
		try {
			const c = await api('GET', `/api/cards/${it.cardId}`);
			const was = it.state;
			it.state = c.status;
			it.error = c.error || '';
			it.lead = c.lead || null;
			if (it.state !== was || it.state === 'done') drawUpload(it);
			if (it.state === 'done' || it.state === 'failed') finished = true;
		} catch (e) { /* keep polling; a network blip is not a failure */ }
	}
	if (finished && currentPage() === 'capture') loadRecent();
}

// "My recent cards": every photo this user uploaded, newest first, with
// its scan status; a failed scan shows its reason.
async function loadRecent() {
	const list = $('#recent');
	if (!list) return;
	try {
		const r = await api('GET', '/api/cards?limit=20');
		const rows = (r.cards || []).map((c) => {
			const l = c.lead;
			const meta = [fmtDate(c.created_at), c.event,
				c.back_of ? t('back_of', c.back_of) : ''].filter(Boolean).join(' · ');
			return h('li', { class: 'recent-item', 'data-status': c.status },
				h('div', {},
					h('strong', {}, l ? l.name || t('no_name') : t('card_n', c.id)),
					l && l.company ? h('span', { class: 'card-co' }, l.company) : null),
				h('div', { class: 'muted small' }, meta),
				c.status !== 'done'
					? h('p', { class: `st st-${c.status}`, 'data-testid': 'recent-status' },
						cardStatusText({ state: c.status, error: c.error || '' }))
					: null,
				l ? statusBadge(l.status) : null);
		});
		list.replaceChildren(...(rows.length ? rows
			: [h('li', { class: 'muted' }, t('no_recent'))]));
	} catch (e) {
		list.replaceChildren(h('li', { class: 'error' }, t('error', e.message)));
	}
}

function statusBadge(s) {
	return h('span', { class: `badge b-${s}` }, t(`s_${s}`) || s);
}

function capturePage() {
	let savedEvent = '';
	try { savedEvent = localStorage.getItem('meishi.event') || ''; } catch (e) { /* ignore */ }
	const evInput = h('input', { id: 'event', name: 'event', value: savedEvent,
		maxlength: 128, autocomplete: 'off', 'aria-describedby': 'event-hint',
		placeholder: 'Interop Tokyo 2026',
		oninput: () => {
			try { localStorage.setItem('meishi.event', evInput.value.trim()); } catch (e) { /* ignore */ }
		} });
	const file = h('input', { type: 'file', id: 'photo', accept: 'image/*',
		capture: 'environment', multiple: true, class: 'file-input',
		'aria-describedby': 'photo-hint',
		onchange: () => {
			for (const f of file.files) {
				const it = { n: uploads.length + 1, file: f, key: randomKey(),
					state: 'waiting', pct: 0, tries: 0, error: '',
					event: evInput.value.trim() };
				uploads.push(it);
				drawUpload(it);
				upList.prepend(it.node);
			}
			upHead.hidden = false;
			file.value = '';
			pump();
		} });
	const upList = h('ul', { id: 'uploads', class: 'uploads', 'aria-live': 'polite' });
	for (const it of uploads) { drawUpload(it); upList.prepend(it.node); }
	const upHead = h('h2', { hidden: !uploads.length }, t('uploads'));
	show(h('section', { class: 'capture' },
		h('div', { class: 'field' },
			h('label', { for: 'event' }, t('event')),
			evInput,
			h('p', { id: 'event-hint', class: 'hint' }, t('event_hint'))),
		h('div', { class: 'shoot' },
			file,
			h('label', { for: 'photo', class: 'big-btn' },
				h('span', { class: 'cam', 'aria-hidden': 'true' }),
				t('take_photo')),
			h('p', { id: 'photo-hint', class: 'hint center' }, t('take_photo_hint'))),
		upHead, upList,
		h('h2', {}, t('recent')),
		h('ul', { id: 'recent', class: 'recent' }, h('li', { class: 'muted' }, t('loading')))));
	loadRecent();
	if (uploads.some((u) => u.state === 'queued' || u.state === 'scanning'))
		startPolling();
}

// ---- The review desk -----------------------------------------------------

const desk = { queue: [], idx: 0, count: 0, scanning: 0, lead: null, busy: false,
	rescan: null };  // rescan: { card, text, bad, live } for the card being scanned again

async function loadQueue() {
	const r = await api('GET', '/api/review/queue?limit=500');
	desk.queue = r.leads || [];
	desk.count = r.count || 0;
	desk.scanning = r.scanning || 0;
	if (desk.idx >= desk.queue.length) desk.idx = Math.max(0, desk.queue.length - 1);
}

async function reviewPage() {
	show(h('p', { class: 'muted' }, t('loading')));
	await loadQueue();
	drawDesk();
	onLeave(() => { desk.rescan = null; });
	const onKey = (e) => deskKey(e);
	document.addEventListener('keydown', onKey);
	onLeave(() => document.removeEventListener('keydown', onKey));
	const timer = setInterval(async () => {
		// New cards keep arriving while the admin works: refresh the count.
		if (desk.busy || document.activeElement?.closest?.('.fields')) return;
		try {
			const r = await api('GET', '/api/review/queue?limit=500');
			if (r.count !== desk.count || r.scanning !== desk.scanning) {
				const cur = desk.queue[desk.idx];
				desk.queue = r.leads || [];
				desk.count = r.count;
				desk.scanning = r.scanning;
				const i = cur ? desk.queue.findIndex((l) => l.id === cur.id) : -1;
				if (i >= 0) { desk.idx = i; drawQueue(); } else drawDesk();
			}
		} catch (e) { /* try again next time */ }
	}, 5000);
	onLeave(() => clearInterval(timer));
}

function drawQueue() {
	const list = $('#queue-list');
	if (!list) return;
	$('#queue-count').textContent = t('left', desk.count);
	$('#queue-scanning').textContent = desk.scanning ? t('scanning_n', desk.scanning) : '';
	list.replaceChildren(...desk.queue.map((l, i) => h('li', {},
		h('button', { type: 'button', class: 'q-item', 'data-lead': l.id,
			'aria-current': i === desk.idx ? 'true' : null,
			onclick: () => { desk.idx = i; drawCard(); drawQueue(); } },
			h('span', { class: 'q-name' }, l.fields.name || t('no_name')),
			h('span', { class: 'q-co' }, l.fields.company || ''),
			h('span', { class: 'q-meta' }, [l.uploader, fmtDate(l.created_at)].join(' · ')),
			dupFlag(l)))));
	const cur = list.querySelector('[aria-current]');
	if (cur) cur.scrollIntoView({ block: 'nearest' });
}

function drawDesk() {
	show(h('div', { class: 'desk' },
		h('aside', { class: 'queue', 'aria-labelledby': 'queue-h' },
			h('div', { class: 'queue-head' },
				h('h1', { id: 'queue-h' }, t('queue')),
				h('p', { id: 'queue-count', class: 'count', 'aria-live': 'polite' }),
				h('p', { id: 'queue-scanning', class: 'muted small' })),
			h('ol', { id: 'queue-list', class: 'q-list' })),
		h('section', { id: 'card-view', class: 'card-view', 'aria-label': t('card_image') }),
		h('section', { id: 'card-form', class: 'card-form' })));
	drawQueue();
	drawCard();
}

function drawCard() {
	const view = $('#card-view');
	const formBox = $('#card-form');
	const lead = desk.queue[desk.idx];
	desk.lead = lead || null;
	if (!lead) {
		view.replaceChildren(h('div', { class: 'empty' },
			h('p', { class: 'big' }, '✓'), h('p', {}, t('queue_empty'))));
		formBox.replaceChildren();
		return;
	}
	// The flattened card with a box over every field found.
	// ?v= changes with the lead's version: a rescan replaces the crop.
	const img = h('img', { src: `/api/cards/${lead.card_id}/crop?v=${lead.version}`,
		alt: t('card_image'), class: 'crop' });
	const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
	svg.setAttribute('class', 'boxes');
	svg.setAttribute('aria-hidden', 'true');
	const wrap = h('div', { class: 'imgwrap' }, img, svg);
	img.addEventListener('load', () => {
		svg.setAttribute('viewBox', `0 0 ${img.naturalWidth} ${img.naturalHeight}`);
		svg.setAttribute('preserveAspectRatio', 'none');
		for (const [k, b] of Object.entries(lead.boxes || {})) {
			if (!Array.isArray(b) || b.length !== 4) continue;
			const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
			r.setAttribute('x', b[0]); r.setAttribute('y', b[1]);
			r.setAttribute('width', b[2]); r.setAttribute('height', b[3]);
			r.setAttribute('class', `box${lowConf(lead, k) ? ' low' : ''}`);
			r.dataset.field = k;
			const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
			title.textContent = fieldName(k);
			r.append(title);
			r.addEventListener('click', () => { const f = $(`#f-${k}`); if (f) f.focus(); });
			svg.append(r);
		}
	});
	img.addEventListener('error', () => {
		wrap.replaceChildren(h('p', { class: 'muted' }, t('no_crop')));
	});
	const dupes = h('div', { id: 'dupes' });
	const back = lead.back_card_id ? h('figure', { class: 'back' },
		h('img', { src: `/api/cards/${lead.back_card_id}/crop`, alt: t('back_side'),
			onerror: (e) => { e.target.src = `/api/cards/${lead.back_card_id}/image`; } }),
		h('figcaption', {}, t('back_side'))) : null;
	const rs = desk.rescan && desk.rescan.card === lead.card_id ? desk.rescan : null;
	const rot = (deg, sym, short, long) => h('button', { type: 'button', class: 'ghost rot',
		'aria-label': long, title: long, disabled: !!(rs && rs.live),
		onclick: () => rescanCurrent(deg) }, h('span', { 'aria-hidden': 'true' }, sym), ` ${short}`);
	view.replaceChildren(...[wrap, back].filter(Boolean),
		h('div', { class: 'row rescan', role: 'group', 'aria-label': t('rescan_group') },
			rot(270, '⟲', t('rot_left'), t('rot_left_long')),
			rot(90, '⟳', t('rot_right'), t('rot_right_long')),
			h('span', { id: 'rescan-status', role: 'status',
				class: `small${rs && rs.bad ? ' error' : ''}` }, rs ? rs.text : '')),
		h('p', { class: 'row' },
			h('a', { href: `/api/cards/${lead.card_id}/image`, target: '_blank',
				rel: 'noopener', class: 'btn ghost' }, t('original')),
			h('span', { class: 'muted small' }, t('uploaded_by', lead.uploader),
				lead.event ? ` · ${lead.event}` : '')),
		dupes);
	loadDupes(lead, dupes);

	const inputs = FIELDS.map((k) => {
		const low = lowConf(lead, k);
		const id = `f-${k}`;
		const input = h('input', { id, name: k, value: lead.fields[k] || '',
			autocomplete: 'off', spellcheck: 'false',
			class: low ? 'low' : null,
			'aria-describedby': low ? `${id}-low` : null,
			type: k === 'email' ? 'text' : 'text',
			onfocus: () => markBox(k, true), onblur: () => markBox(k, false),
			oninput: () => input.classList.toggle('changed',
				input.value !== (lead.fields[k] || '')) });
		return h('div', { class: `frow${low ? ' low' : ''}${WIDE.includes(k) ? ' wide-field' : ''}` },
			h('label', { for: id }, fieldName(k),
				low ? h('span', { id: `${id}-low`, class: 'flag',
					title: t('low_conf_long') }, t('low_conf')) : null),
			input);
	});
	const form = h('form', { class: 'fields', id: 'lead-form', 'aria-label': fieldName('name'),
		onsubmit: (e) => { e.preventDefault(); approveCurrent(); } },
		h('div', { class: 'fgrid' }, inputs),
		h('div', { class: 'actions' },
			h('button', { type: 'submit', class: 'primary', id: 'approve',
				title: t('approve_hint') }, t('approve'), h('kbd', {}, 'Enter')),
			h('button', { type: 'button', onclick: () => saveCurrent() }, t('save')),
			h('button', { type: 'button', class: 'danger-ghost', onclick: () => rejectCurrent() }, t('reject')),
			h('span', { class: 'spacer' }),
			h('button', { type: 'button', class: 'ghost', onclick: () => move(-1),
				disabled: desk.idx === 0 }, t('prev')),
			h('button', { type: 'button', class: 'ghost', onclick: () => move(1),
				disabled: desk.idx >= desk.queue.length - 1 }, t('next'))),
		h('p', { class: 'muted small keys' }, t('keys_help')));
	formBox.replaceChildren(form);
}

function lowConf(lead, k) {
	const v = lead.fields[k];
	const c = lead.confidence ? lead.confidence[k] : undefined;
	return !!v && typeof c === 'number' && c < LOW_CONF;
}

function markBox(k, on) {
	for (const r of document.querySelectorAll('.boxes rect'))
		r.classList.toggle('on', on && r.dataset.field === k);
}

function formChanges() {
	const lead = desk.lead;
	const out = {};
	for (const k of FIELDS) {
		const el = $(`#f-${k}`);
		if (el && el.value !== (lead.fields[k] || '')) out[k] = el.value;
	}
	return out;
}

async function withLead(fn) {
	if (desk.busy || !desk.lead) return;
	desk.busy = true;
	try {
		await fn(desk.lead);
	} catch (e) {
		if (e.status === 412 || e.code === 'version_conflict') {
			toast(t('conflict'), true);
			const fresh = await api('GET', `/api/leads/${desk.lead.id}`);
			desk.queue[desk.idx] = fresh;
			drawCard();
		} else {
			toast(t('error', e.message), true);
		}
	} finally {
		desk.busy = false;
	}
}

async function saveFields(lead) {
	const ch = formChanges();
	if (!Object.keys(ch).length) return lead;
	return api('PATCH', `/api/leads/${lead.id}`, { fields: ch }, ifMatch(lead));
}

function saveCurrent() {
	return withLead(async (lead) => {
		const saved = await saveFields(lead);
		desk.queue[desk.idx] = saved;
		drawCard();
		drawQueue();
		toast(t('saved'));
	});
}

function leaveCurrent() {
	desk.queue.splice(desk.idx, 1);
	desk.count = Math.max(0, desk.count - 1);
	if (desk.idx >= desk.queue.length) desk.idx = Math.max(0, desk.queue.length - 1);
	drawQueue();
	drawCard();
	const first = $('#f-name');
	if (first) first.focus();
	else $('#main').focus();
}

// Turns the card by deg (clockwise, from the way it is shown) and scans it
// again. Unsaved edits are saved first, so the rescan keeps them; the
// status reads "Scanning…" until the new fields arrive.
function rescanCurrent(deg) {
	if (desk.rescan && desk.rescan.live) return toast(t('rescan_wait'), true);
	return withLead(async (lead) => {
		const saved = await saveFields(lead);
		if (saved !== lead) desk.queue[desk.idx] = saved;
		const card = lead.card_id;
		const c = await api('POST', `/api/cards/${card}/rescan`, { rotate: deg });
		desk.rescan = { card, live: true, bad: false, text: cardStatusText({ state: c.status }) };
		drawCard();
		followRescan(card, saved.id);
	});
}

async function followRescan(card, leadId) {
	const rs = desk.rescan;
	const show = () => {
		const el = $('#rescan-status');
		if (el && desk.lead && desk.lead.card_id === card) {
			el.textContent = rs.text;
			el.classList.toggle('error', rs.bad);
		}
	};
	while (desk.rescan === rs && currentPage() === 'review') {
		await new Promise((r) => setTimeout(r, 1000));
		let c;
		try { c = await api('GET', `/api/cards/${card}`); } catch (e) { continue; }
		if (c.status === 'queued' || c.status === 'scanning') {
			rs.text = cardStatusText({ state: c.status });
			show();
			continue;
		}
		rs.live = false;
		rs.bad = c.status === 'failed';
		rs.text = rs.bad ? cardStatusText({ state: 'failed', error: c.error || '' }) : t('rescan_done');
		const i = desk.queue.findIndex((l) => l.id === leadId);
		if (c.lead && i >= 0) desk.queue[i] = c.lead;
		if (desk.lead && desk.lead.card_id === card) drawCard();
		drawQueue();
		return;
	}
}

function approveCurrent() {
	if (desk.rescan && desk.rescan.live && desk.lead && desk.rescan.card === desk.lead.card_id)
		return toast(t('rescan_wait'), true);
	return withLead(async (lead) => {
		const saved = await saveFields(lead);
		const done = await api('POST', `/api/leads/${lead.id}/approve`, undefined, ifMatch(saved));
		toast(t('approved', done.fields.name || `#${done.id}`));
		leaveCurrent();
	});
}

function rejectCurrent() {
	return withLead(async (lead) => {
		await api('POST', `/api/leads/${lead.id}/reject`, undefined, ifMatch(lead));
		toast(t('rejected'));
		leaveCurrent();
	});
}

function move(d) {
	const i = desk.idx + d;
	if (i < 0 || i >= desk.queue.length) return;
	desk.idx = i;
	drawQueue();
	drawCard();
}

function deskKey(e) {
	if ($('dialog[open]')) return;
	const tgt = e.target;
	const editing = tgt && tgt.matches && tgt.matches('input, textarea, select');
	if (e.key === 'Escape' && editing) {
		tgt.blur();
		$('#main').focus();
		e.preventDefault();
		return;
	}
	if (editing || e.ctrlKey || e.metaKey || e.altKey) return;
	if (e.key === 'j' || e.key === 'J') { move(1); e.preventDefault(); }
	else if (e.key === 'k' || e.key === 'K') { move(-1); e.preventDefault(); }
	else if (e.key === 'Enter' && !(tgt && tgt.matches && tgt.matches('button, a'))) {
		approveCurrent();
		e.preventDefault();
	}
}

// Duplicate candidates: shown only when the server offers them. Each can
// be compared and merged, or dismissed as another person ("Not a
// duplicate"), which the panel lets the admin undo at once; the lead's
// page lists the dismissals with a button to restore each.
async function loadDupes(lead, box) {
	let r;
	try {
		r = await api('GET', `/api/leads/${lead.id}/duplicates`);
	} catch (e) {
		box.replaceChildren();
		return;
	}
	const cands = (r && (r.candidates || r.duplicates)) || [];
	if (desk.lead !== lead) return;
	if (!cands.length) {
		box.replaceChildren();
		return;
	}
	box.replaceChildren(h('section', { class: 'dupes', 'aria-labelledby': 'dupes-h' },
		h('h2', { id: 'dupes-h' }, t('duplicates')),
		h('ul', {}, cands.map((c) => dupeItem(lead, c, box)))));
}

function dupeItem(lead, c, box) {
	const other = c.lead || c;
	const name = (other.fields && other.fields.name) || `#${other.id}`;
	const reasons = Array.isArray(c.reasons) ? c.reasons.join(', ') : (c.reasons || '');
	const li = h('li', { class: 'dupe', 'data-lead': other.id },
		h('strong', {}, name),
		other.fields && other.fields.company ? h('span', { class: 'card-co' }, other.fields.company) : null,
		h('span', { class: 'badge' }, t('score', typeof c.score === 'number' ? c.score.toFixed(2) : c.score ?? '')),
		reasons ? h('span', { class: 'muted small' }, reasons) : null,
		h('button', { type: 'button', class: 'small-btn', 'data-act': 'compare', onclick: async () => {
			try {
				const full = await api('GET', `/api/leads/${other.id}`);
				const cur = await api('GET', `/api/leads/${lead.id}`);
				if (await mergeDialog(cur, full)) {
					await loadQueue();
					drawDesk();
				}
			} catch (e) {
				toast(t('error', e.message), true);
			}
		} }, t('compare')),
		h('button', { type: 'button', class: 'small-btn ghost', 'data-act': 'dismiss',
			'aria-label': t('not_dup_long', name),
			onclick: () => dismissDupe(lead, other, name, li, box) }, t('not_dup')));
	return li;
}

// "Not a duplicate": the candidate leaves the panel; an Undo button takes
// its place (and the focus) until the panel is drawn again.
async function dismissDupe(lead, other, name, li, box) {
	if (desk.busy) return;
	desk.busy = true;
	try {
		const r = await api('POST', `/api/leads/${lead.id}/dismissals`, { other: other.id });
		const undo = h('button', { type: 'button', class: 'small-btn ghost', 'data-act': 'undo',
			onclick: async () => {
				try {
					await api('POST', `/api/dismissals/${r.dismissal.id}/undo`);
					toast(t('restored'));
					refreshFlags();
					loadDupes(lead, box);
				} catch (e) {
					toast(t('error', e.message), true);
				}
			} }, t('undo'));
		const done = h('li', { class: 'dupe dismissed', 'data-dismissed': other.id },
			h('span', { role: 'status' }, t('not_dup_done', name)), undo);
		li.replaceWith(done);
		undo.focus();
		refreshFlags();
	} catch (e) {
		toast(t('error', e.message), true);
	} finally {
		desk.busy = false;
	}
}

// The queue's "possible duplicate" flags after a dismissal or its undo.
async function refreshFlags() {
	try {
		const r = await api('GET', '/api/review/queue?limit=500');
		const n = new Map((r.leads || []).map((l) => [l.id, l.possible_duplicates || 0]));
		for (const l of desk.queue)
			if (n.has(l.id)) l.possible_duplicates = n.get(l.id);
		drawQueue();
	} catch (e) { /* the next refresh will do */ }
}

function dupFlag(l) {
	const n = l.possible_duplicates || 0;
	return n ? h('span', { class: 'flag dup-flag', title: t('possible_dup_n', n) },
		t('possible_dup')) : null;
}

// The newer of two leads: the one created later (the later id on a tie).
function isNewer(a, b) {
	const x = a.created_at || '', y = b.created_at || '';
	return x === y ? a.id > b.id : x > y;
}

// Side by side: for each field that differs, the admin picks the value
// that survives (preset: a filled value over an empty one, else the newer
// lead's). `keep` survives and `gone` is merged into it, in one
// POST /api/leads/{keep}/merge {"other", "fields": {field: "self"|"other"}}
// that names both versions, so a change made meanwhile is refused.
async function mergeDialog(gone, keep) {
	const val = (l, k) => (l.fields && l.fields[k]) || '';
	const goneNewer = isNewer(gone, keep);
	const diff = FIELDS.filter((k) => val(gone, k) !== val(keep, k));
	const same = FIELDS.filter((k) => val(gone, k) && val(gone, k) === val(keep, k));
	const rows = diff.map((k) => {
		const a = val(gone, k), b = val(keep, k);
		const pickGone = !b || (!!a && goneNewer);
		const name = `m-${k}`;
		const radio = (v, checked, text) => h('td', {}, h('label', { class: 'pick' },
			h('input', { type: 'radio', name, value: v, checked, 'aria-describedby': `mh-${k}` }),
			h('span', { class: text ? null : 'muted' }, text || '—')));
		return h('tr', { class: 'differs', 'data-field': k },
			h('th', { scope: 'row', id: `mh-${k}` }, fieldName(k)),
			radio('other', pickGone, a),
			radio('self', !pickGone, b));
	});
	const body = h('div', {},
		h('p', { class: 'muted' }, t('merge_help')),
		rows.length ? h('table', { class: 'merge' },
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('field')),
				h('th', { scope: 'col' }, t('gone', gone.id)),
				h('th', { scope: 'col' }, t('keep', keep.id)))),
			h('tbody', {}, rows)) : h('p', {}, t('merge_nodiff')),
		same.length ? h('p', { class: 'muted small merge-same' },
			t('merge_same', same.map(fieldName).join(', '))) : null);
	const vals = await modal(t('merge_title'), body, t('merge'));
	if (!vals) return false;
	const fields = {};
	for (const k of diff) fields[k] = vals[`m-${k}`] === 'other' ? 'other' : 'self';
	try {
		await api('POST', `/api/leads/${keep.id}/merge`,
			{ other: gone.id, other_version: gone.version, fields }, ifMatch(keep));
		toast(t('merged'));
		return true;
	} catch (e) {
		toast(t('error', e.message), true);
		return false;
	}
}

// ---- Leads list ----------------------------------------------------------

const lf = { q: '', status: '', uploader: '', event: '', from: '', to: '', dormant: false, months: 6 };

function leadQuery() {
	const p = new URLSearchParams();
	if (lf.q.trim()) p.set('q', lf.q.trim());
	if (lf.status) p.set('status', lf.status);
	if (lf.uploader) p.set('uploader', lf.uploader);
	if (lf.event.trim()) p.set('event', lf.event.trim());
	if (lf.from) p.set('created_from', lf.from);
	if (lf.to) p.set('created_to', lf.to);
	// Dormant: the server compares the newest card of each lead (its
	// back and the leads merged into it included) with now - N months.
	if (lf.dormant) p.set('dormant_months', String(Math.min(1200, Math.max(1, Math.round(Number(lf.months)) || 6))));
	return p;
}

async function leadsPage() {
	let users = [];
	try { users = (await api('GET', '/api/users')).users || []; } catch (e) { /* optional */ }
	const tbody = h('tbody', { id: 'leads-body' });
	const countEl = h('p', { class: 'muted', id: 'leads-count', 'aria-live': 'polite' });
	const moreBtn = h('button', { type: 'button', class: 'ghost', hidden: true }, t('more'));
	const mergeBtn = h('button', { type: 'button', disabled: true, id: 'merge-selected' }, t('merge_sel'));
	const exp = h('div', { class: 'export', role: 'group', 'aria-label': t('export') });
	let loaded = [];
	let cursor = null;
	const selected = new Map();

	const drawExport = () => {
		const p = leadQuery();
		const link = (label, extra) => {
			const q = new URLSearchParams(p);
			for (const [k, v] of Object.entries(extra)) q.set(k, v);
			return h('a', { class: 'btn ghost', href: `/api/leads/export?${q}`, download: '' }, label);
		};
		exp.replaceChildren(h('span', { class: 'muted small' }, t('export')),
			link(t('exp_sf'), { format: 'csv', profile: 'salesforce' }),
			link(t('exp_hs'), { format: 'csv', profile: 'hubspot' }),
			link(t('exp_vc'), { format: 'vcard' }));
	};
	const row = (l) => {
		const box = h('input', { type: 'checkbox', 'aria-label': t('select', l.fields.name || `#${l.id}`),
			checked: selected.has(l.id),
			onchange: () => {
				if (box.checked) selected.set(l.id, l); else selected.delete(l.id);
				mergeBtn.disabled = selected.size !== 2;
			} });
		return h('tr', {},
			h('td', {}, box),
			h('td', {}, h('a', { href: `#/lead/${l.id}` }, l.fields.name || t('no_name')), dupFlag(l),
				l.fields.name_reading ? h('div', { class: 'muted small' }, l.fields.name_reading) : null),
			h('td', {}, l.fields.company || '', l.fields.department ? h('div', { class: 'muted small' }, l.fields.department) : null),
			h('td', {}, l.fields.email || ''),
			h('td', {}, l.fields.phone || l.fields.mobile || ''),
			h('td', {}, l.uploader),
			h('td', {}, l.event || ''),
			h('td', {}, statusBadge(l.status)),
			h('td', { class: 'nowrap' }, fmtDate(l.created_at)));
	};
	const load = async (more) => {
		const p = leadQuery();
		p.set('limit', '100');
		if (more && cursor) p.set('cursor', cursor);
		const r = await api('GET', `/api/leads?${p}`);
		if (!more) { loaded = []; selected.clear(); mergeBtn.disabled = true; }
		loaded.push(...(r.leads || []));
		cursor = r.next_cursor;
		tbody.replaceChildren(...(loaded.length ? loaded.map(row)
			: [h('tr', {}, h('td', { colspan: 9, class: 'muted' }, t('none')))]));
		countEl.textContent = t('results', loaded.length + (cursor ? '+' : ''));
		moreBtn.hidden = !cursor;
		drawExport();
	};
	moreBtn.addEventListener('click', () => load(true));
	mergeBtn.addEventListener('click', async () => {
		const [a, b] = [...selected.values()].sort((x, y) => x.id - y.id);
		const gone = await api('GET', `/api/leads/${b.id}`);
		const keep = await api('GET', `/api/leads/${a.id}`);
		if (await mergeDialog(gone, keep)) load(false);
	});

	const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
		e.preventDefault();
		const fd = new FormData(form);
		lf.q = fd.get('q') || '';
		lf.status = fd.get('status') || '';
		lf.uploader = fd.get('uploader') || '';
		lf.event = fd.get('event') || '';
		lf.from = fd.get('from') || '';
		lf.to = fd.get('to') || '';
		lf.dormant = fd.get('dormant') === 'on';
		lf.months = fd.get('months') || 6;
		load(false).catch((err) => toast(t('error', err.message), true));
	} },
	h('div', { class: 'search' },
		h('label', { for: 'q' }, t('search')),
		h('input', { id: 'q', name: 'q', type: 'search', value: lf.q,
			placeholder: t('search_hint'), 'aria-describedby': 'leads-count' }),
		h('button', { type: 'submit', class: 'primary' }, t('search'))),
	h('div', { class: 'frow-inline' },
		h('label', {}, t('status'), h('select', { name: 'status', value: lf.status },
			h('option', { value: '' }, t('all')),
			['new', 'approved', 'rejected'].map((s) => h('option', { value: s }, t(`s_${s}`))))),
		h('label', {}, t('rep'), h('select', { name: 'uploader', value: lf.uploader },
			h('option', { value: '' }, t('all')),
			users.map((u) => h('option', { value: u.name }, u.name)))),
		h('label', {}, t('event'), h('input', { name: 'event', value: lf.event, size: 16 })),
		h('label', {}, t('from'), h('input', { name: 'from', type: 'date', value: lf.from })),
		h('label', {}, t('to'), h('input', { name: 'to', type: 'date', value: lf.to })),
		h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'dormant', checked: lf.dormant }),
			t('dormant')),
		h('label', { class: 'months' }, h('input', { name: 'months', type: 'number', min: 1, max: 120,
			value: lf.months, size: 3, 'aria-label': `${t('dormant')} (${t('months')})` }), t('months')),
		h('button', { type: 'submit' }, t('apply'))));

	show(h('section', { class: 'leads' },
		h('h1', {}, t('nav_leads')),
		form,
		h('div', { class: 'row between' }, countEl, h('div', { class: 'row' }, mergeBtn, exp)),
		h('div', { class: 'table-wrap' }, h('table', { class: 'list' },
			h('thead', {}, h('tr', {},
				h('th', { scope: 'col' }, h('span', { class: 'vh' }, t('select', ''))),
				h('th', { scope: 'col' }, fieldName('name')),
				h('th', { scope: 'col' }, fieldName('company')),
				h('th', { scope: 'col' }, fieldName('email')),
				h('th', { scope: 'col' }, fieldName('phone')),
				h('th', { scope: 'col' }, t('rep')),
				h('th', { scope: 'col' }, t('event')),
				h('th', { scope: 'col' }, t('status')),
				h('th', { scope: 'col' }, t('created')))),
			tbody)),
		moreBtn));
	await load(false);
}

// ---- One lead and its audit trail ----------------------------------------

// The leads an admin marked as another person than this one, each with a
// button that flags the pair as possible duplicates again.
function dismissalsList(lead, list) {
	const open = list.filter((d) => !d.undone_at);
	if (!open.length) return null;
	return [h('h2', { id: 'notdup-h' }, t('not_dups')),
		h('ul', { class: 'notdups', 'aria-labelledby': 'notdup-h' }, open.map((d) => h('li', { 'data-other': d.other },
			h('a', { href: `#/lead/${d.other}` }, t('lead', d.other)),
			h('span', { class: 'muted small' }, ` ${d.user} · ${fmtDate(d.at)} `),
			isAdmin() ? h('button', { type: 'button', class: 'small-btn ghost',
				'aria-label': t('restore_long', d.other), onclick: async () => {
					try {
						await api('POST', `/api/dismissals/${d.id}/undo`);
						toast(t('restored'));
						leadPage(lead.id);
					} catch (e) { toast(t('error', e.message), true); }
				} }, t('restore')) : null)))];
}

async function leadPage(id) {
	const lead = await api('GET', `/api/leads/${Number(id)}`);
	const audit = (await api('GET', `/api/leads/${lead.id}/audit`)).audit || [];
	let dismissals = [];
	try {
		dismissals = (await api('GET', `/api/leads/${lead.id}/dismissals`)).dismissals || [];
	} catch (e) { /* an older server: nothing to show */ }
	show(h('section', { class: 'lead-page' },
		h('p', {}, h('a', { href: '#/leads' }, `← ${t('back')}`)),
		h('h1', {}, t('lead', lead.id), ' ', statusBadge(lead.status)),
		h('div', { class: 'lead-grid' },
			h('div', {},
				h('img', { src: `/api/cards/${lead.card_id}/crop?v=${lead.version}`, alt: t('card_image'), class: 'crop small-crop' }),
				h('p', {}, h('a', { href: `/api/cards/${lead.card_id}/image`, target: '_blank', rel: 'noopener' }, t('original')))),
			h('dl', { class: 'kv' }, FIELDS.filter((k) => lead.fields[k]).map((k) => [
				h('dt', {}, fieldName(k)), h('dd', { 'data-field': k }, lead.fields[k])]),
			h('dt', {}, t('rep')), h('dd', {}, lead.uploader),
			lead.event ? [h('dt', {}, t('event')), h('dd', {}, lead.event)] : null)),
		dismissalsList(lead, dismissals),
		h('h2', {}, t('audit')),
		audit.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'audit' },
			h('thead', {}, h('tr', {}, [t('when'), t('who'), t('field'), t('change_from'), t('change_to')]
				.map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, audit.map((a) => h('tr', {},
				h('td', { class: 'nowrap' }, fmtDate(a.at)),
				h('td', {}, a.user || t('by_scan')),
				h('td', {}, FIELDS.includes(a.field) ? fieldName(a.field)
					: a.field === 'rescan' ? t('f_rescan')
						: a.field === 'not_duplicate' ? t('f_not_duplicate') : a.field),
				h('td', { class: 'old' }, a.field === 'rescan' ? `${a.from}°` : a.from ?? ''),
				h('td', {}, a.field === 'rescan' ? `${a.to}°` : a.to ?? ''))))))
			: h('p', { class: 'muted' }, t('audit_none'))));
}

// ---- Users ---------------------------------------------------------------

async function usersPage() {
	const users = (await api('GET', '/api/users')).users || [];
	const form = h('form', { class: 'inline-form', onsubmit: async (e) => {
		e.preventDefault();
		const fd = new FormData(form);
		try {
			await api('POST', '/api/users', { username: fd.get('username'),
				password: fd.get('password'), role: fd.get('role') });
			toast(t('user_added', fd.get('username')));
			usersPage();
		} catch (err) { toast(t('error', err.message), true); }
	} },
	h('h2', {}, t('add_user')),
	h('label', {}, t('username'), h('input', { name: 'username', required: true, autocomplete: 'off',
		pattern: '[A-Za-z0-9._@\\-]{1,64}' })),
	h('label', {}, t('password'), h('input', { name: 'password', type: 'password', required: true,
		minlength: 8, autocomplete: 'new-password' })),
	h('label', {}, t('role'), h('select', { name: 'role' },
		h('option', { value: 'rep' }, t('r_rep')), h('option', { value: 'admin' }, t('r_admin')))),
	h('button', { type: 'submit', class: 'primary' }, t('add')));
	const rows = users.map((u) => h('tr', {},
		h('td', {}, u.name),
		h('td', {}, t(`r_${u.role}`)),
		h('td', {}, u.disabled ? h('span', { class: 'badge b-rejected' }, t('disabled'))
			: h('span', { class: 'badge b-approved' }, t('active'))),
		h('td', { class: 'nowrap' }, fmtDate(u.created_at)),
		h('td', { class: 'row' },
			h('button', { type: 'button', class: 'small-btn', onclick: async () => {
				const v = await modal(t('reset_pw'), h('div', {},
					h('label', { for: 'npw' }, t('new_pw', u.name)),
					h('input', { id: 'npw', name: 'password', type: 'password',
						minlength: 8, required: true, autocomplete: 'new-password' })), t('save'));
				if (!v) return;
				try {
					await api('POST', `/api/users/${u.id}/password`, { password: v.password });
					toast(t('pw_set', u.name));
					usersPage();
				} catch (err) { toast(t('error', err.message), true); }
			} }, t('reset_pw')),
			u.disabled || u.name === state.user.name ? null
				: h('button', { type: 'button', class: 'small-btn danger-ghost', onclick: async () => {
					if (!await modal(t('disable'), h('p', {}, t('confirm_disable', u.name)), t('disable'), true)) return;
					try {
						await api('POST', `/api/users/${u.id}/disable`);
						toast(t('user_disabled', u.name));
						usersPage();
					} catch (err) { toast(t('error', err.message), true); }
				} }, t('disable')))));
	show(h('section', { class: 'admin-page' },
		h('h1', {}, t('users')),
		h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'users' },
			h('thead', {}, h('tr', {}, [t('username'), t('role'), t('status'), t('created'), t('actions')]
				.map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, rows))),
		form));
}

// ---- Integration tokens --------------------------------------------------

async function tokensPage(shown) {
	const tokens = (await api('GET', '/api/tokens')).tokens || [];
	const form = h('form', { class: 'inline-form', onsubmit: async (e) => {
		e.preventDefault();
		const name = new FormData(form).get('name');
		try {
			const r = await api('POST', '/api/tokens', { name });
			tokensPage(r);
		} catch (err) { toast(t('error', err.message), true); }
	} },
	h('label', {}, t('token_name'), h('input', { name: 'name', required: true, autocomplete: 'off',
		pattern: '[A-Za-z0-9._@\\-]{1,64}' })),
	h('button', { type: 'submit', class: 'primary' }, t('create')));
	const once = shown && shown.token ? h('div', { class: 'once', role: 'alert' },
		h('p', {}, t('token_once')),
		h('div', { class: 'row' },
			h('code', { id: 'new-token' }, shown.token),
			h('button', { type: 'button', class: 'small-btn', onclick: async () => {
				try { await navigator.clipboard.writeText(shown.token); toast(t('copied')); }
				catch (e) { window.getSelection().selectAllChildren($('#new-token')); }
			} }, t('copy')))) : null;
	const rows = tokens.slice().reverse().map((k) => h('tr', {},
		h('td', {}, k.name),
		h('td', { class: 'nowrap' }, fmtDate(k.created_at)),
		h('td', {}, k.revoked_at ? h('span', { class: 'badge b-rejected' }, t('revoked'))
			: h('span', { class: 'badge b-approved' }, t('live'))),
		h('td', {}, k.revoked_at ? fmtDate(k.revoked_at)
			: h('button', { type: 'button', class: 'small-btn danger-ghost', onclick: async () => {
				if (!await modal(t('revoke'), h('p', {}, t('confirm_revoke', k.name)), t('revoke'), true)) return;
				try {
					await api('POST', `/api/tokens/${k.id}/revoke`);
					tokensPage();
				} catch (err) { toast(t('error', err.message), true); }
			} }, t('revoke')))));
	show(h('section', { class: 'admin-page' },
		h('h1', {}, t('tokens')),
		h('p', { class: 'muted' }, t('tokens_help')),
		once, form,
		h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'tokens' },
			h('thead', {}, h('tr', {}, [t('token_name'), t('created'), t('status'), t('actions')]
				.map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, rows)))));
}

// ---- Start ---------------------------------------------------------------

async function start() {
	setLang(lang);
	$('#lang').addEventListener('change', (e) => { setLang(e.target.value); route(); });
	$('#logout').addEventListener('click', async () => {
		try { await api('DELETE', '/api/session'); } catch (e) { /* gone anyway */ }
		state.user = null;
		state.csrf = null;
		location.hash = '#/login';
	});
	window.addEventListener('hashchange', route);
	await loadSession();
	route();
}

start();
