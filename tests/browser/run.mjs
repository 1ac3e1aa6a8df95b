// Browser tests of Meishi's web UI, in the system Chromium driven by
// playwright-core.
//
// Usage: node tests/browser/run.mjs path/to/meishi
//
// Starts the real server on a free loopback port with a temporary data
// directory, adds a rep and an admin with `meishi user add`, and walks
// through what people do: a rep on a 390x844 phone logs in, photographs
// cards and watches them scan; an admin on a 1440x900 desk corrects a
// field and approves with Enter; the lead shows up in the export feed read
// with a token from `meishi token create`; two duplicate leads are merged;
// hostile card text stays text; a rep cannot open the admin pages; a photo
// that cannot be read stays in "My recent cards" with its reason; the
// dormant filter counts a lead's newest card (merged leads and backs
// included); a sideways sample card is turned with ⟲ on the review desk
// and scanned again into the right name; the review desk's duplicates
// panel dismisses a candidate ("Not a duplicate") and merges another with
// a value chosen per differing field, in one request.
// Screenshots go to $MEISHI_BUILD_DIR/browser-artifacts/ (or
// build/browser-artifacts/).
//
// The card photos: a Japanese card on a desk, slightly rotated, rendered
// here by Chromium itself (twice, for the duplicate), an English card from
// samples/ whose truth names it (tests/data/card1.jpg when samples/ is
// absent), and tests/data/card2.jpg as a back side.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SRC = process.env.MEISHI_SOURCE_DIR || path.resolve(here, '..', '..');
const BIN = path.resolve(process.argv[2] || path.join(SRC, 'build', 'meishi'));
const OUT = path.join(process.env.MEISHI_BUILD_DIR || path.join(SRC, 'build'),
	'browser-artifacts');
const CHROMIUM = process.env.MEISHI_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];
const XSS = '<img src=x onerror=alert(1)>';

let chromium = null;
let failures = 0;

// The test command brings what it needs: playwright-core from npm (as
// locked in package-lock.json) and Debian's chromium, when missing.
async function ensureDeps() {
	try {
		({ chromium } = await import('playwright-core'));
	} catch (e) {
		console.log('setup: npm ci (playwright-core is missing)');
		const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: SRC, stdio: 'inherit' });
		if (r.status !== 0) throw new Error('npm ci failed');
		({ chromium } = await import(path.join(SRC, 'node_modules', 'playwright-core', 'index.mjs')));
	}
	if (!fs.existsSync(CHROMIUM)) {
		console.log('setup: apt-get install chromium (it is missing)');
		const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive ' +
			'apt-get install -y -qq --no-install-recommends chromium'], { stdio: 'inherit' });
		if (r.status !== 0 || !fs.existsSync(CHROMIUM))
			throw new Error(`${CHROMIUM} is missing and could not be installed (run .ci/setup as root)`);
	}
}
function check(cond, what) {
	console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
	if (!cond) failures++;
	return cond;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

function cli(data, args, input) {
	const r = spawnSync(BIN, [...args, '--data', data], { input, encoding: 'utf8', timeout: 60000 });
	if (r.status !== 0)
		throw new Error(`meishi ${args.join(' ')} failed: ${r.stderr}`);
	return r.stdout;
}

async function startServer(data, port) {
	const log = fs.openSync(path.join(data, 'server.log'), 'a');
	const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--data', data,
		'--workers', '1', '--web', path.join(SRC, 'web')],
	{ stdio: ['ignore', 'pipe', log] });
	await new Promise((resolve, reject) => {
		let buf = '';
		const timer = setTimeout(() => reject(new Error('server did not start')), 60000);
		proc.stdout.on('data', (d) => {
			buf += d;
			if (buf.includes('meishi: serving')) { clearTimeout(timer); resolve(); }
		});
		proc.on('exit', (c) => { clearTimeout(timer); reject(new Error(`server exited ${c}`)); });
	});
	proc.stdout.resume();
	return proc;
}

// A business card photographed on a desk, rendered by Chromium.
async function renderCard(browser, c) {
	const p = await browser.newPage({ viewport: { width: 1280, height: 960 } });
	const card = `
<body style="margin:0;background:#6b5b4b;display:flex;align-items:center;justify-content:center;height:960px">
<div style="width:910px;height:550px;background:#fff;padding:50px 60px;box-sizing:border-box;
 font-family:'Noto Sans CJK JP',sans-serif;color:#111;transform:rotate(${c.rot}deg);
 box-shadow:0 8px 30px rgba(0,0,0,.5)">
<div style="font-size:30px" id="co"></div>
<div style="font-size:22px;margin-top:8px" id="dept"></div>
<div style="font-size:64px;margin-top:40px;letter-spacing:8px" id="name"></div>
<div style="font-size:24px;margin-top:2px" id="latin"></div>
<div style="font-size:22px;margin-top:40px" id="addr"></div>
<div style="font-size:22px" id="tel"></div>
<div style="font-size:22px" id="mail"></div>
</div></body>`;
	await p.setContent(card);
	await p.evaluate((c) => {
		for (const k of ['co', 'dept', 'name', 'latin', 'addr', 'tel', 'mail'])
			document.getElementById(k).textContent = c[k];
	}, c);
	const buf = await p.screenshot({ type: 'jpeg', quality: 90 });
	await p.close();
	return buf;
}

const YAMADA = {
	co: '株式会社サンプル商事', dept: '営業本部 第一営業部 部長', name: '山田 太郎',
	latin: 'Taro Yamada', addr: '〒100-0005 東京都千代田区丸の内1-2-3',
	tel: 'TEL 03-1234-5678　FAX 03-1234-5679', mail: 'taro.yamada@sample-shoji.co.jp',
};

async function shot(page, name) {
	await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: false });
	console.log(`     screenshot ${path.join(OUT, name)}.png`);
}

async function newContext(size, locale) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meishi-chromium-'));
	const ctx = await chromium.launchPersistentContext(dir, {
		executablePath: CHROMIUM, headless: true,
		args: ARGS,  // playwright adds --user-data-dir=dir (fresh)
		viewport: size, locale, deviceScaleFactor: 1,
		isMobile: size.width < 500, hasTouch: size.width < 500,
		ignoreDefaultArgs: ['--enable-automation'],
	});
	ctx.dir = dir;
	return ctx;
}

async function login(page, base, user, pw) {
	await page.goto(`${base}/`);
	await page.locator('#username').fill(user);
	await page.locator('#password').fill(pw);
	await page.locator('#password').press('Enter');
}

async function main() {
	await ensureDeps();
	fs.mkdirSync(OUT, { recursive: true });
	const data = fs.mkdtempSync(path.join(os.tmpdir(), 'meishi-browser-'));
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const server = await startServer(data, port);
	const contexts = [];
	let helper = null;
	try {
		cli(data, ['user', 'add', 'rep1', '--role', 'rep'], 'rep-password-1\n');
		cli(data, ['user', 'add', 'boss', '--role', 'admin'], 'boss-password-1\n');
		const token = cli(data, ['token', 'create', 'crm']).trim().split('\n').pop().trim();

		helper = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
		const cardA = await renderCard(helper, { ...YAMADA, rot: -3 });
		// The same name and company with another e-mail: a possible
		// duplicate (a new lead, flagged), not the same card again, which
		// would join the first lead.
		const cardC = await renderCard(helper, { ...YAMADA, rot: 2, mail: 'yamada.t@sample-shoji.co.jp' });
		// A photo from samples/ with its truth, or the real photo in tests/data/.
		const sample = path.join(SRC, 'samples', 'card-005-en.jpg');
		const haveSample = fs.existsSync(sample);
		const cardB = fs.readFileSync(haveSample ? sample : path.join(SRC, 'tests', 'data', 'card1.jpg'));
		const nameB = haveSample ? JSON.parse(fs.readFileSync(sample.replace(/\.jpg$/, '.json'), 'utf8')).name
			: 'Ricardo Nogueira';
		const cardD = fs.readFileSync(path.join(SRC, 'tests', 'data', 'card2.jpg'));

		// ---- The rep, on a phone, in Japanese ------------------------------
		const rep = await newContext({ width: 390, height: 844 }, 'ja-JP');
		contexts.push(rep);
		const phone = rep.pages()[0] || await rep.newPage();
		const dialogs = [];
		phone.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		await phone.goto(`${base}/`);
		await phone.locator('#username').waitFor();
		check((await phone.locator('h1').textContent()).endsWith('Meishi にログイン'),
			'a Japanese browser gets the Japanese login page');
		await shot(phone, 'phone-login');
		await login(phone, base, 'rep1', 'rep-password-1');
		const camera = phone.locator('label[for=photo]');
		await camera.waitFor();
		check(await camera.textContent() === '名刺を撮影する', 'the rep sees the big camera button');
		const input = phone.locator('#photo');
		check(await input.getAttribute('capture') === 'environment' &&
			await input.getAttribute('accept') === 'image/*' &&
			await input.evaluate((e) => e.multiple), 'the file input opens the rear camera and takes several photos');
		const box = await camera.boundingBox();
		check(box && box.width >= 300 && box.height >= 120, `the camera button is large (${box && Math.round(box.width)}x${box && Math.round(box.height)})`);

		await phone.locator('#event').fill('Interop Tokyo 2026');
		await input.setInputFiles({ name: 'yamada.jpg', mimeType: 'image/jpeg', buffer: cardA });
		const first = phone.locator('#uploads li').first();
		await first.locator('.st-done').waitFor({ timeout: 90000 });
		check(await first.locator('[data-testid=status]').textContent() === '完了', 'the scan status reads 完了 (done)');
		check(await first.locator('.card-name').textContent() === '山田 太郎', 'the name found on the card is shown: 山田 太郎');
		check(await first.locator('.card-co').textContent() === '株式会社サンプル商事', 'the company is shown');
		await shot(phone, 'phone-capture-done');

		// A flaky connection: the first try reaches the server but its answer
		// is lost; the retry must carry the same Idempotency-Key.
		const keys = [];
		let dropped = false;
		await phone.route('**/api/cards*', async (route) => {
			const req = route.request();
			if (req.method() !== 'POST') return route.continue();
			keys.push(req.headers()['idempotency-key']);
			if (!dropped) {
				dropped = true;
				await route.fetch();
				return route.abort('connectionreset');
			}
			return route.continue();
		});
		await input.setInputFiles({ name: 'sample.jpg', mimeType: 'image/jpeg', buffer: cardB });
		const second = phone.locator('#uploads li').first();
		await second.locator('.st-done').waitFor({ timeout: 90000 });
		check(await second.locator('.card-name').textContent() === nameB,
			`the photo from ${haveSample ? 'samples/' : 'tests/data/'} scans to its name: ${nameB}`);
		check(keys.length >= 2 && keys[0] && keys.every((k) => k === keys[0]),
			`the retried upload reused its Idempotency-Key (${keys.length} tries)`);
		await phone.unroute('**/api/cards*');
		await input.setInputFiles({ name: 'yamada-again.jpg', mimeType: 'image/jpeg', buffer: cardC });
		await phone.locator('#uploads li').first().locator('.st-done').waitFor({ timeout: 90000 });

		// The back of that card: the fourth photo, marked as such.
		await input.setInputFiles({ name: 'back.jpg', mimeType: 'image/jpeg', buffer: cardD });
		const back = phone.locator('#uploads li').first();
		await back.locator('.pair input').check();
		await back.locator('.pair', { hasText: '写真 3 の裏面' }).waitFor();
		await back.locator('.st-done, .st-failed').waitFor({ timeout: 90000 });
		check(true, 'the fourth photo is marked as the back of the third');
		await shot(phone, 'phone-pair');

		// Stays logged in; the event is remembered; recent cards newest first.
		await phone.reload();
		await phone.locator('#recent li.recent-item').first().waitFor();
		check(await phone.locator('#event').inputValue() === 'Interop Tokyo 2026', 'the event field is remembered after a reload');
		const recent = await phone.locator('#recent li.recent-item').count();
		check(recent === 4, `"My recent cards" lists the 4 photos: the retried upload made no duplicate (${recent})`);
		check(/裏面|back of/i.test(await phone.locator('#recent li.recent-item').nth(0).textContent()),
			'the back is listed as the back of its front');
		check((await phone.locator('#recent li.recent-item strong').nth(0).textContent()) === '山田 太郎',
			'newest first in "My recent cards" (the second Yamada card, with its back)');
		await shot(phone, 'phone-recent');

		// A photo that cannot be read: "My recent cards" keeps it, with why.
		await input.setInputFiles({ name: 'cut.jpg', mimeType: 'image/jpeg',
			buffer: cardD.subarray(0, Math.floor(cardD.length * 2 / 5)) });
		const cut = phone.locator('#uploads li').first();
		await cut.locator('.st-failed').waitFor({ timeout: 90000 });
		const why = await phone.evaluate(async () =>
			(await (await fetch('/api/cards?limit=1')).json()).cards[0].error);
		check(await cut.locator('[data-testid=status]').textContent() === `失敗: ${why}`,
			`the failed scan says why on the phone: 失敗: ${why}`);
		await phone.reload();
		const failedItem = phone.locator('#recent li.recent-item').first();
		await failedItem.waitFor();
		check(await failedItem.getAttribute('data-status') === 'failed' &&
			await failedItem.locator('[data-testid=recent-status]').textContent() === `失敗: ${why}`,
			'after a reload "My recent cards" lists the failed scan first, with its reason');
		check(await phone.locator('#recent li.recent-item').count() === 5,
			'"My recent cards" now lists 5 photos, the failed one included');
		await shot(phone, 'phone-recent-failed');

		// A rep cannot open the admin pages.
		await phone.goto(`${base}/#/users`);
		await phone.locator('main h1').waitFor();
		check(await phone.locator('main h1').textContent() === 'このページは管理者専用です。', 'a rep opening #/users is told the page is for admins');
		check(await phone.locator('#users').count() === 0, 'and sees no user list');
		const st = await phone.evaluate(async () => (await fetch('/api/users')).status);
		check(st === 403, `the API refuses the rep the user list (${st})`);
		await shot(phone, 'phone-admin-refused');

		// ---- The admin, at a desk, in English -------------------------------
		const adm = await newContext({ width: 1440, height: 900 }, 'en-US');
		contexts.push(adm);
		const desk = adm.pages()[0] || await adm.newPage();
		desk.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		await login(desk, base, 'boss', 'boss-password-1');
		await desk.locator('#queue-count').waitFor();
		await desk.locator('#f-name').waitFor();
		check(await desk.locator('#queue-count').textContent() === '3 left', 'the review queue shows 3 left');
		check(await desk.locator('#f-name').inputValue() === '山田 太郎', 'the oldest card comes first');
		await desk.waitForFunction(() => document.querySelectorAll('.boxes rect').length > 3);
		const boxes = await desk.locator('.boxes rect').count();
		check(boxes > 3, `boxes are drawn over the fields found (${boxes})`);
		await desk.locator('.boxes rect[data-field=company]').click();
		check(await desk.evaluate(() => document.activeElement.id) === 'f-company', 'clicking the company box focuses its field');
		check(await desk.locator('.boxes rect.on').getAttribute('data-field') === 'company', 'and its box is highlighted');
		await desk.locator('.q-item').nth(2).click();
		await desk.locator('figure.back img').waitFor();
		check(await desk.locator('figure.back figcaption').textContent() === 'Back of the card',
			'the third card shows its back beside it (and the back is no card of its own: 3 left)');
		await desk.locator('.q-item').nth(0).click();
		await desk.locator('#main').focus();
		await desk.keyboard.press('j');
		check(await desk.locator('#f-name').inputValue() !== '山田 太郎', 'J opens the next card');
		await desk.keyboard.press('k');
		check(await desk.locator('#f-name').inputValue() === '山田 太郎', 'K goes back');
		const wrongMail = await desk.locator('#f-email').inputValue();
		await shot(desk, 'desktop-review');

		// Correct the e-mail (if the OCR got it wrong) and add the web site,
		// which is not on the card; leave the field with Esc; Enter approves.
		await desk.locator('#f-email').fill('taro.yamada@sample-shoji.co.jp');
		await desk.locator('#f-url').fill('https://www.sample-shoji.co.jp');
		await desk.locator('#f-url').press('Escape');
		check(await desk.evaluate(() => !document.activeElement.matches('input')), 'Esc leaves the field');
		const t0 = Date.now();
		await desk.keyboard.press('Enter');
		await desk.waitForFunction(() => document.querySelector('#queue-count').textContent === '2 left');
		await desk.locator('#f-name').waitFor();
		console.log(`     Enter to the next card on screen: ${Date.now() - t0} ms`);
		check(await desk.locator('#queue-count').textContent() === '2 left', `Enter approved it: the queue shows 2 left (email was "${wrongMail}")`);
		await shot(desk, 'desktop-review-approved');

		// The corrected lead is in the export feed.
		const feed = await (await fetch(`${base}/api/export/leads`, { headers: { Authorization: `Bearer ${token}` } })).json();
		const fl = (feed.items || []).find((i) => i.lead && i.lead.fields.name === '山田 太郎');
		check(fl && fl.lead.fields.email === 'taro.yamada@sample-shoji.co.jp' &&
			fl.lead.fields.url === 'https://www.sample-shoji.co.jp', 'the feed carries the corrected lead');
		const csv = await (await fetch(`${base}/api/export/leads?format=csv&profile=salesforce`,
			{ headers: { Authorization: `Bearer ${token}` } })).text();
		check(csv.includes('https://www.sample-shoji.co.jp'), 'so does the Salesforce CSV feed');

		// Hostile OCR text stays text.
		const xssId = await desk.evaluate(async (xss) => {
			const s = await (await fetch('/api/session')).json();
			const q = await (await fetch('/api/review/queue')).json();
			const l = q.leads.find((x) => x.fields.name !== '山田 太郎') || q.leads[0];
			const r = await fetch(`/api/leads/${l.id}`, { method: 'PATCH',
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token, 'If-Match': `"${l.version}"` },
				body: JSON.stringify({ fields: { company: xss, name: xss } }) });
			return r.ok ? l.id : -1;
		}, XSS);
		check(xssId > 0, 'an API edit put the hostile text on a card');
		await desk.reload();
		await desk.locator('#f-name').waitFor();
		const qn = desk.locator('.q-item .q-name', { hasText: XSS });
		await qn.first().click();
		check(await desk.locator('#f-company').inputValue() === XSS, 'the field shows <img src=x onerror=alert(1)> literally');
		check(await qn.first().textContent() === XSS, 'the queue lists it literally');
		check(await desk.locator('img[src="x"]').count() === 0, 'no <img src=x> element was made');
		await shot(desk, 'desktop-hostile-text');

		// Search finds a 2-character Japanese name; merge the duplicate.
		await desk.goto(`${base}/#/leads`);
		await desk.locator('#q').fill('山田');
		await desk.locator('#q').press('Enter');
		await desk.waitForFunction(() => document.querySelector('#leads-count').textContent === '2 leads');
		check(await desk.locator('#leads-body tr').count() === 2, 'searching 山田 finds both Yamada leads');
		const xssRow = await desk.evaluate(() => [...document.querySelectorAll('#leads-body td')].some((td) => td.textContent.includes('<img')));
		check(!xssRow, 'the search result holds only the Yamada leads');
		await shot(desk, 'desktop-leads');
		const exportHref = await desk.locator('.export a', { hasText: 'Salesforce CSV' }).getAttribute('href');
		const expCsv = await desk.evaluate(async (u) => (await fetch(u)).text(), exportHref);
		check(expCsv.startsWith('LastName,FirstName,Company') &&
			expCsv.split('\n').filter((l) => l.startsWith('山田,太郎,')).length === 2 &&
			expCsv.includes('taro.yamada@sample-shoji.co.jp') && !expCsv.includes(nameB),
			'the Salesforce CSV export of the filtered list holds the 2 Yamada leads and nothing else');
		await desk.locator('#leads-body input[type=checkbox]').nth(0).check();
		await desk.locator('#leads-body input[type=checkbox]').nth(1).check();
		await desk.locator('#merge-selected').click();
		await desk.locator('dialog[open]').waitFor();
		// Take the fuller address from the merged-away lead, if it differs.
		const leftAddr = desk.locator('dialog[open] tr[data-field=address].differs input[value=other]');
		const pickedAddr = await leftAddr.count() ? await desk.locator(
			'dialog[open] tr[data-field=address] td:nth-child(2) span').textContent() : null;
		if (pickedAddr) await leftAddr.check();
		await shot(desk, 'desktop-merge');
		await desk.locator('dialog[open] button[value=ok]').click();
		await desk.waitForFunction(() => document.querySelector('#leads-count').textContent === '1 leads');
		check(await desk.locator('#leads-body tr').count() === 1, 'after the merge one Yamada lead is left');
		const kept = await desk.locator('#leads-body td a').first().getAttribute('href');
		await desk.goto(`${base}/${kept}`);
		await desk.locator('#audit').waitFor();
		if (pickedAddr)
			check(await desk.locator('dd[data-field=address]').textContent() === pickedAddr,
				`the address chosen from the merged lead was kept (${pickedAddr})`);
		const audit = await desk.locator('#audit tbody').textContent();
		check(audit.includes('https://www.sample-shoji.co.jp') && audit.includes('boss'),
			'the lead\'s audit trail shows the correction and who made it');
		await shot(desk, 'desktop-audit');

		// Dormant leads: every card is made 7 months old except the back of
		// the Yamada card that was merged away. The kept Yamada lead has that
		// back among its cards, and the back's own lead is recent too, so
		// only the sample card's lead (the one given hostile text) is dormant.
		const aged = spawnSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
with db:
    db.execute("UPDATE cards SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-7 months') WHERE id NOT IN (SELECT back_id FROM card_pairs)")
print(db.execute("SELECT count(*) FROM cards WHERE created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-6 months')").fetchone()[0])
`, path.join(data, 'meishi.db')], { encoding: 'utf8' });
		check(aged.status === 0, `cards made 7 months old (${(aged.stdout || aged.stderr).trim()})`);
		await desk.goto(`${base}/#/leads`);
		await desk.locator('#q').fill('');
		await desk.locator('input[name=dormant]').check();
		await desk.locator('input[name=months]').fill('6');
		await Promise.all([
			desk.waitForResponse((r) => r.url().includes('dormant_months=6')),
			desk.locator('input[name=months]').press('Enter')]);
		await desk.waitForFunction(() => document.querySelector('#leads-count').textContent === '1 leads');
		check(await desk.locator('#leads-body tr td a').first().getAttribute('href') === `#/lead/${xssId}` &&
			await desk.locator('#leads-body tr td a').first().textContent() === XSS,
			'"Dormant only: no new card for 6 months" lists just the sample card\'s lead (its name is the hostile text), not the Yamada lead whose merged card has a recent back');
		await desk.locator('input[name=months]').fill('8');
		await Promise.all([
			desk.waitForResponse((r) => r.url().includes('dormant_months=8')),
			desk.locator('input[name=months]').press('Enter')]);
		await desk.waitForFunction(() => document.querySelector('#leads-count').textContent === '0 leads');
		check(await desk.locator('#leads-body td').first().textContent() === 'No leads match.',
			'with 8 months no lead is dormant');
		await desk.locator('input[name=dormant]').uncheck();
		await shot(desk, 'desktop-dormant');

		// The duplicates panel of the review desk: two cards of one person
		// with other contacts (a possible duplicate) and a third lead of
		// that name imported from a CRM file; the imported one is dismissed
		// as another person, and the keepId card's lead merged in with a
		// value chosen per differing field.
		const SUZUKI = { ...YAMADA, co: '株式会社テスト物産', dept: '開発部 課長', name: '鈴木 一郎',
			latin: 'Ichiro Suzuki', addr: '〒530-0001 大阪府大阪市北区梅田2-4-6' };
		const suzuki = [
			{ ...SUZUKI, rot: -2, tel: 'TEL 06-1111-2222', mail: 'ichiro.suzuki@test-bussan.co.jp' },
			{ ...SUZUKI, rot: 1, tel: 'TEL 06-3333-4444', mail: 'suzuki.i@test-bussan.co.jp' }];
		const csvPath = path.join(data, 'crm.csv');
		fs.writeFileSync(csvPath, 'name,family_name,given_name,company,email,phone\r\n' +
			'鈴木 一郎,鈴木,一郎,株式会社テスト物産,suzuki@example.net,045-987-6543\r\n');
		const imported = cli(data, ['import', csvPath, '--profile', 'meishi', '--owner', 'boss']);
		check(imported.includes('1 added'), `a CRM file adds one Suzuki lead (${imported.trim()})`);
		const sz = [];
		for (const c of suzuki) {
			const buf = await renderCard(helper, c);
			sz.push(await desk.evaluate(async (b64) => {
				const s = await (await fetch('/api/session')).json();
				const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
				const r = await fetch('/api/cards', { method: 'POST', body: bytes,
					headers: { 'Content-Type': 'image/jpeg', 'X-CSRF-Token': s.csrf_token } });
				const id = (await r.json()).cards[0].id;
				for (let i = 0; i < 480; i++) {
					const c = await (await fetch(`/api/cards/${id}`)).json();
					if (c.status === 'done' || c.status === 'failed') return c;
					await new Promise((res) => setTimeout(res, 500));
				}
				return null;
			}, buf.toString('base64')));
		}
		const impId = await desk.evaluate(async () => (await (await fetch('/api/leads?q=suzuki@example.net')).json())
			.leads.map((l) => l.id)[0] || 0);
		const [keepId, curId] = sz.map((c) => (c && c.lead ? c.lead.id : 0));
		check(impId && keepId && curId && keepId !== curId && sz[1].dedupe === 'possible',
			`two Suzuki cards make two leads, the second flagged (${sz.map((c) => c && c.dedupe).join(', ')})`);
		await desk.goto(`${base}/#/review`);
		await desk.locator(`.q-item[data-lead="${curId}"]`).waitFor();
		check(await desk.locator(`.q-item[data-lead="${curId}"] .dup-flag`).count() === 1,
			'the queue flags the second card\'s lead as a possible duplicate');
		await desk.locator(`.q-item[data-lead="${curId}"]`).click();
		const cand = (id) => desk.locator(`#dupes li.dupe[data-lead="${id}"]`);
		await cand(keepId).waitFor();
		check(await cand(impId).count() === 1 && await cand(keepId).count() === 1,
			'the duplicates panel offers the first card\'s lead and the imported one');
		await shot(desk, 'desktop-dupes');
		// Not a duplicate, from the keyboard.
		await cand(impId).locator('button[data-act=dismiss]').focus();
		await desk.keyboard.press('Enter');
		await desk.locator(`#dupes li[data-dismissed="${impId}"]`).waitFor();
		check(await cand(impId).count() === 0, '"Not a duplicate" removes the candidate from the panel');
		check(await desk.evaluate(() => document.activeElement.dataset.act) === 'undo',
			'and puts the focus on its Undo button');
		await shot(desk, 'desktop-dupes-dismissed');
		await desk.reload();
		await desk.locator(`.q-item[data-lead="${curId}"]`).click();
		await cand(keepId).waitFor();
		check(await cand(impId).count() === 0 && await desk.locator('#dupes li[data-dismissed]').count() === 0,
			'after a reload the dismissed candidate stays gone');
		// Merge the other candidate: one request; choose the candidate's
		// e-mail over the preset (the newer lead's), keep the preset phone.
		const writes = [];
		const onReq = (r) => { if (r.method() !== 'GET' && r.url().includes('/api/leads/')) writes.push(r); };
		desk.on('request', onReq);
		const beforeKeep = await desk.evaluate(async (id) => (await fetch(`/api/leads/${id}`)).json(), keepId);
		const beforeCur = await desk.evaluate(async (id) => (await fetch(`/api/leads/${id}`)).json(), curId);
		await cand(keepId).locator('button[data-act=compare]').click();
		await desk.locator('dialog[open]').waitFor();
		const mrow = (k) => desk.locator(`dialog[open] tr[data-field=${k}]`);
		const differs = beforeKeep.fields.email !== beforeCur.fields.email;
		check(differs && await mrow('email').count() === 1 && await mrow('name').count() ===
			(beforeKeep.fields.name === beforeCur.fields.name ? 0 : 1),
			'the merge dialog asks only about the fields that differ');
		check(await mrow('email').locator('input[value=other]').isChecked(),
			'the newer lead\'s e-mail is preset');
		await mrow('email').locator('input[value=self]').check();
		const phoneDiffers = await mrow('phone').count() === 1;
		await shot(desk, 'desktop-dupes-merge');
		await desk.locator('dialog[open] button[value=ok]').click();
		await desk.locator('dialog[open]').waitFor({ state: 'detached' });
		await desk.waitForFunction((id) => !document.querySelector(`.q-item[data-lead="${id}"]`), curId);
		desk.off('request', onReq);
		const body = writes.length === 1 ? JSON.parse(writes[0].postData() || '{}') : {};
		check(writes.length === 1 && writes[0].method() === 'POST' &&
			writes[0].url().endsWith(`/api/leads/${keepId}/merge`) && body.other === curId &&
			body.fields && body.fields.email === 'self',
			`the merge is one POST /api/leads/${keepId}/merge {other, fields} (${writes.map((w) => `${w.method()} ${w.url()}`).join(', ')})`);
		const after = await desk.evaluate(async (id) => (await fetch(`/api/leads/${id}`)).json(), keepId);
		check(after.fields.email === beforeKeep.fields.email,
			`the e-mail chosen from the other lead survives the merge (${after.fields.email})`);
		if (phoneDiffers)
			check(after.fields.phone === beforeCur.fields.phone,
				`the preset phone of the merged lead survives too (${after.fields.phone})`);
		check(await desk.evaluate(async (id) => (await fetch(`/api/leads/${id}`)).status, curId) === 404,
			'the merged lead is gone');
		// The lead's page lists the dismissal and restores it.
		await desk.goto(`${base}/#/lead/${impId}`);
		const restore = desk.locator('ul.notdups li button');
		await restore.first().waitFor();
		check(await desk.locator('ul.notdups li').count() === 1 &&
			(await desk.locator('#audit tbody').textContent()).includes('Not a duplicate'),
			'the lead\'s page lists the dismissal, and its audit trail shows it');
		await restore.first().click();
		await desk.locator('ul.notdups').waitFor({ state: 'detached' });
		const offered = await desk.evaluate(async (id) => (await (await fetch(`/api/leads/${id}/duplicates`)).json())
			.candidates.map((c) => c.lead.id), impId);
		check(offered.includes(keepId), `restored, the pair is offered again (${offered})`);

		// The review desk: turn a sideways card and scan it again.
		const side = spawnSync('/usr/bin/python3', ['-c', `
import io, sys
from PIL import Image
buf = io.BytesIO()
Image.open(sys.argv[1]).rotate(-90, expand=True).save(buf, 'JPEG', quality=90)
sys.stdout.buffer.write(buf.getvalue())
`, path.join(SRC, 'samples', 'card-045-jah.jpg')], { maxBuffer: 64 << 20 });
		const sideOk = check(side.status === 0 && side.stdout.length > 1000,
			'a sample photo turned 90 degrees (PIL)');
		if (sideOk) {
			const truth = JSON.parse(fs.readFileSync(path.join(SRC, 'samples', 'card-045-jah.json'), 'utf8'));
			const sid = await desk.evaluate(async (b64) => {
				const s = await (await fetch('/api/session')).json();
				const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
				const r = await fetch('/api/cards', { method: 'POST', body: bytes,
					headers: { 'Content-Type': 'image/jpeg', 'X-CSRF-Token': s.csrf_token } });
				const id = (await r.json()).cards[0].id;
				for (let i = 0; i < 240; i++) {
					const c = await (await fetch(`/api/cards/${id}`)).json();
					if (c.status === 'done' || c.status === 'failed') return id;
					await new Promise((res) => setTimeout(res, 500));
				}
				return id;
			}, side.stdout.toString('base64'));
			await desk.goto(`${base}/#/review`);
			await desk.locator('#f-name').waitFor();
			await desk.locator('.q-item').last().click();
			await desk.waitForFunction((id) => document.querySelector('img.crop')
				?.getAttribute('src').startsWith(`/api/cards/${id}/crop`), sid);
			const before = await desk.locator('#f-name').inputValue();
			check(before !== truth.name, `read sideways, the name is wrong: ${before}`);
			await desk.locator('#f-title').fill('Typed by hand');
			const left = desk.getByRole('button', { name: 'Turn the card 90° to the left and scan it again' });
			const right = desk.getByRole('button', { name: 'Turn the card 90° to the right and scan it again' });
			check(await left.textContent() === '⟲ Turn left' && await right.textContent() === '⟳ Turn right',
				'the rotate buttons read ⟲ Turn left and ⟳ Turn right');
			await left.focus();
			await desk.keyboard.press('Tab');
			check(await right.evaluate((e) => e === document.activeElement), 'Tab moves from ⟲ to ⟳ (keyboard reachable)');
			// The photo needs 270 degrees clockwise in all; the buttons
			// turn the crop as it is shown (the card's orientation).
			const shown = await desk.evaluate(async (id) =>
				(await (await fetch(`/api/cards/${id}`)).json()).orientation, sid);
			const turn = (270 - shown + 360) % 360;
			check(turn === 90 || turn === 270, `one quarter turn makes the card upright (shown at ${shown})`);
			if (turn === 270) await desk.keyboard.press('Shift+Tab'); /* ⟲ */
			const seen = new Set();
			const watch = setInterval(async () => {
				try { seen.add(await desk.locator('#rescan-status').textContent()); } catch (e) { /* redrawn */ }
			}, 150);
			await desk.keyboard.press('Enter');
			const done = 'Scanned again. Fields edited by hand were kept.';
			await desk.waitForFunction((d) => document.querySelector('#rescan-status')?.textContent === d,
				done, { timeout: 180000 });
			clearInterval(watch);
			check(seen.has('Scanning…'), `the status read "Scanning…" while it was scanned again (${[...seen].join(' | ')})`);
			check(await desk.locator('#f-name').inputValue() === truth.name,
				`after the rescan the name field reads ${truth.name}`);
			check(await desk.locator('#f-postal_code').inputValue() === truth.postal_code,
				`and the postal code ${truth.postal_code}`);
			check(await desk.locator('#f-title').inputValue() === 'Typed by hand',
				'the title typed before turning the card is kept');
			await desk.waitForFunction(() => document.querySelector('img.crop')?.complete);
			await shot(desk, 'desktop-rescan');
			await desk.setViewportSize({ width: 390, height: 844 });
			await shot(desk, 'phone-rescan');
			await desk.setViewportSize({ width: 1440, height: 900 });
		}

		// Admin pages.
		await desk.goto(`${base}/#/tokens`);
		// A hash change swaps the page in place: wait for the tokens
		// page, or the review desk's own name field could be filled.
		await desk.locator('table#tokens').waitFor();
		await desk.locator('input[name=name]').fill('hubspot');
		await desk.locator('input[name=name]').press('Enter');
		await desk.locator('#new-token').waitFor();
		const tok2 = await desk.locator('#new-token').textContent();
		const fr = await fetch(`${base}/api/export/leads`, { headers: { Authorization: `Bearer ${tok2}` } });
		check(fr.status === 200, 'a token created on the tokens page reads the feed');
		await shot(desk, 'desktop-tokens');
		await desk.goto(`${base}/#/users`);
		await desk.locator('#users').waitFor();
		await shot(desk, 'desktop-users');

		// The same pages at phone size, for a person to look at.
		await desk.setViewportSize({ width: 390, height: 844 });
		await desk.goto(`${base}/#/review`);
		await desk.locator('#f-name').waitFor();
		await shot(desk, 'phone-review');
		await phone.setViewportSize({ width: 1440, height: 900 });
		await phone.goto(`${base}/#/capture`);
		await phone.locator('#recent li.recent-item').first().waitFor();
		await shot(phone, 'desktop-capture');

		// The language can be switched.
		await phone.locator('#lang').selectOption('en');
		await phone.locator('label[for=photo]', { hasText: 'Take photos of cards' }).waitFor();
		check(await phone.locator('#nav a').first().textContent() === 'Scan cards' &&
			await phone.evaluate(() => document.documentElement.lang) === 'en',
			'switching the language to English relabels the page');

		check(dialogs.length === 0, `no dialog fired (${dialogs.join(' | ')})`);
	} finally {
		for (const c of contexts) {
			await c.close().catch(() => {});
			fs.rmSync(c.dir, { recursive: true, force: true });
		}
		if (helper) await helper.close().catch(() => {});
		server.kill('SIGTERM');
		await new Promise((r) => server.once('exit', r));
		if (!failures) fs.rmSync(data, { recursive: true, force: true });
		else console.log(`data kept in ${data}`);
	}
	console.log(failures ? `${failures} failed` : 'all passed');
	process.exit(failures ? 1 : 0);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
