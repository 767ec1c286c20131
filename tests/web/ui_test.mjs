// The web interface in a real browser (Debian's chromium, headless, driven by
// playwright-core): a team's day on the demo year's books. Starts the
// service on a fresh ledger, logs in as each role, records a donation and
// sees it listed with its receipt, sees a field error, opens a fund and
// moves money between funds, records volunteer service, enrols a recipient,
// corrects and erases personal records, proposes, approves and pays a grant, proposes and records
// a cost and records interest, prints the aid-recipient report and the statements to
// PDF, runs verify, and uses the public pages. Screenshots go to --artifacts.
//
// node tests/web/ui_test.mjs --aidledger BUILD/app/aidledger --artifacts DIR
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const bin = path.resolve(args.aidledger);
const artifacts = path.resolve(args.artifacts || 'web-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aidledger-ui-'));
const db = path.join(work, 'data', 'books.db');
const PASSWORD = 'correct horse battery staple';

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

function cli(...words) {
  const r = spawnSync(bin, words, { input: PASSWORD + '\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`aidledger ${words.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function findChromium() {
  for (const p of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('no chromium: install Debian\'s chromium (scripts/setup --test)');
}

// Submits with `button` and waits for the refusal to show beside `field`.
async function refusedBeside(page, button, field, what) {
  await page.click(button);
  await page.waitForFunction((f) =>
    document.querySelector(`[data-field="${f}"] .field-error`)?.textContent.length > 0, field);
  check(true, what);
}

// Corrects the record revealed on `page`: the form must start from the
// record as it is (`name` holds `was`); `now` goes there, a save without the
// reason is refused beside it, a save with `reason` shows the new record.
// True when the form started from the record.
async function correctRevealed(page, name, was, now, reason) {
  await page.locator('.reveal').getByRole('button', { name: '更正' }).click();
  await page.waitForSelector('.reveal form input[name=reason]');
  const prefilled = await page.inputValue(`.reveal form input[name=${name}]`) === was;
  await page.fill(`.reveal form input[name=${name}]`, now);
  await refusedBeside(page, '.reveal form button[type=submit]', 'reason',
                      'a correction without its reason is refused beside the field');
  await page.fill('.reveal form input[name=reason]', reason);
  await page.click('.reveal form button[type=submit]');
  await page.waitForFunction((text) => {
    const r = document.querySelector('.reveal');
    return r && !r.querySelector('form') && r.innerText.includes(text);
  }, now);
  return prefilled;
}

// Sends the funds page's transfer form; true when it asked for a release
// (the document that lets restricted money leave its purpose).
async function sendTransfer(page, from, to, amount, reason, release = '') {
  const form = 'form:has(select[name=from])';
  await page.selectOption(`${form} select[name=from]`, from);
  await page.selectOption(`${form} select[name=to]`, to);
  const asked = await page.locator(`${form} [data-field=release]`).isVisible();
  await page.fill(`${form} input[name=amount]`, amount);
  await page.fill(`${form} input[name=reason]`, reason);
  if (release) await page.fill(`${form} input[name=release]`, release);
  await page.click(`${form} button[type=submit]`);
  return asked;
}

// Clicks the button `label` in the table row that shows `row`, gives
// `reason` when asked for it, and waits for that row to show `after`.
async function rowAction(page, row, label, reason, after) {
  await page.locator('main table tr', { hasText: row }).getByRole('button', { name: label }).click();
  await giveReason(page, reason);
  await page.waitForFunction(([r, a]) => [...document.querySelectorAll('main table tr')]
    .some((tr) => tr.innerText.includes(r) && tr.innerText.includes(a)), [row, after]);
}

// Answers the page's own dialog that asks why (a reversal, a rejection, ...):
// types `reason` and confirms, or, for null, cancels.
async function giveReason(page, reason) {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  if (reason === null) return dialog.getByRole('button', { name: '取消' }).click();
  await dialog.locator('textarea').fill(reason);
  return dialog.locator('button[type=submit]').click();
}

// Every input, select and textarea on the page has a label.
// Runs a click that writes and waits for the server's answer to it, not for
// the toast: a toast left from an earlier write on the same page (a hash
// change keeps it) would otherwise let the test read on too early.
async function answered(page, pathPart, click) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(pathPart)),
    click(),
  ]);
  return response;
}

// Runs `act` and waits for the GET it causes whose address holds `pathPart`.
async function answeredGet(page, pathPart, act) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes(pathPart)),
    act(),
  ]);
  return response;
}

async function everyInputLabelled(page, where) {
  const unlabelled = await page.$$eval('input, select, textarea', (els) => els
    .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
    .map((e) => e.name || e.id || e.outerHTML.slice(0, 60)));
  check(unlabelled.length === 0, `${where}: every input has a label ${unlabelled.join(', ')}`);
}

// Text on every visible element has a contrast of at least 4.5:1 with what
// is behind it (WCAG AA for normal text).
async function readableContrast(page, where) {
  const low = await page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!text || !el.offsetParent) continue;
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) out.push(`${el.tagName} "${el.textContent.trim().slice(0, 20)}" ${ratio.toFixed(2)}`);
    }
    return out;
  });
  check(low.length === 0, `${where}: readable contrast ${low.join('; ')}`);
}

// "1,250.00" or "1250.00" -> 125000: whole fen, without floating point.
function toMinorFen(amount) {
  const [whole, fraction = ''] = amount.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
}

async function main() {
  cli('demo', '--db', db);
  for (const [name, role] of [['wang', 'treasurer'], ['li', 'coordinator'], ['zhao', 'coordinator'],
                              ['audit', 'auditor'], ['boss', 'admin']]) {
    cli('user', 'add', name, '--role', role, '--db', db);
    cli('user', 'password', name, '--db', db);
  }
  const port = await freePort();
  const server = spawn(bin, ['serve', `-Dledger.path=${db}`, `-Dhttp.port=${port}`],
                       { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => { serverLog += d; });
  server.stderr.on('data', (d) => { serverLog += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(base + '/readyz')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true,
                                          args: ['--no-sandbox', '--disable-gpu'] });
  const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name + '.png'), fullPage: true });
  const consoleErrors = [];
  const login = async (name) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    // Script errors count; an answer's status (401 before logging in, 400
    // for a refused form) is the page's business, not an error.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
        consoleErrors.push(`${name}: ${m.text()}`);
      }
    });
    page.on('pageerror', (e) => consoleErrors.push(`${name}: ${e.message}`));
    await page.goto(base + '/');
    await page.waitForSelector('form button[type=submit]');
    await everyInputLabelled(page, 'login');
    // From the keyboard: the user name field, then the password, then Enter.
    await page.getByLabel('用户名').focus();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#who:not(:empty)');
    return { context, page };
  };

  try {
    // --- every role logs in and sees its own menu ---------------------------
    const menus = {
      wang: ['登记捐赠', '捐赠', '报表'], li: ['受助人', '救助'], audit: ['审计', '报表'], boss: ['审计', '受助人'],
    };
    const notFor = { wang: ['审计', '受助人'], li: ['审计', '登记捐赠'], audit: ['登记捐赠', '受助人'], boss: ['登记捐赠'] };
    const sessions = {};
    for (const name of Object.keys(menus)) {
      sessions[name] = await login(name);
      const nav = await sessions[name].page.locator('#nav').innerText();
      check(menus[name].every((m) => nav.includes(m)) && notFor[name].every((m) => !nav.includes(m)),
            `${name} sees the menu of their role: ${nav.replace(/\s+/g, ' ')}`);
      await sessions[name].page.waitForSelector('main table');
      await readableContrast(sessions[name].page, `dashboard of ${name}`);
      await shot(sessions[name].page, `dashboard-${name}`);
    }
    const treasurer = sessions.wang.page;
    const coordinator = sessions.li.page;
    const auditor = sessions.audit.page;

    const rightAligned = await sessions.wang.page.$$eval('main table td', (tds) => {
      const amounts = tds.filter((td) => td.textContent.startsWith('¥'));
      return amounts.length > 0 && amounts.every((td) => getComputedStyle(td).textAlign === 'right');
    });
    check(rightAligned, 'amounts line up on the right, as in an account book');

    // --- a slow connection: every read takes 600 ms; two menu clicks 300 ms
    // apart show only the last page (the first page's late answers are
    // aborted, never drawn into it) ------------------------------------------
    await treasurer.goto(base + '/#/dashboard');
    await treasurer.waitForSelector('#this-month');
    const slow = async (r) => {
      if (r.request().method() === 'GET') await new Promise((done) => setTimeout(done, 600));
      try { await r.continue(); } catch { /* aborted by the page */ }
    };
    await treasurer.route('**/api/v1/**', slow);
    await treasurer.click('#nav a[href="#/funds"]');
    await new Promise((r) => setTimeout(r, 300));
    await treasurer.click('#nav a[href="#/new-donation"]');
    await treasurer.waitForSelector('form select[name=fund]');
    await new Promise((r) => setTimeout(r, 1500));  // the funds page's answers are long due
    const shown = await treasurer.evaluate(() => ({
      h1: [...document.querySelectorAll('main h1')].map((e) => e.textContent),
      funds: document.querySelectorAll('main input[name=code], main select[name=from]').length,
      forms: document.querySelectorAll('main form').length,
    }));
    check(shown.h1.length === 1 && shown.h1[0] === '登记捐赠' && shown.funds === 0,
          `with 600 ms reads, two quick menu clicks show only the last page: ${JSON.stringify(shown)}`);
    await treasurer.unroute('**/api/v1/**', slow);

    // --- the treasurer records a donation, sees a field error, the receipt --
    await treasurer.goto(base + '/#/new-donation');
    await treasurer.waitForSelector('form select[name=fund]');
    await everyInputLabelled(treasurer, 'new donation');
    // The menu marks the page shown; a field that must be filled is marked
    // beside its label; the focus ring stands out from the page (3:1 at least).
    const current = await treasurer.$$eval('#nav a[aria-current=page]', (as) => as.map((a) => a.textContent));
    check(current.length === 1 && current[0] === '登记捐赠', `the menu marks the current page: ${current}`);
    const mark = await treasurer.$eval('[data-field=amount] label',
      (l) => getComputedStyle(l, '::after').content);
    check(mark.includes('*'), `a required field is marked beside its label: ${mark}`);
    await treasurer.focus('input[name=amount]');
    const ring = await treasurer.$eval('input[name=amount]', (el) => {
      const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const style = getComputedStyle(el);
      const a = lum(rgb(style.outlineColor)), b = lum([255, 255, 255]);
      return { width: style.outlineWidth, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
    check(ring.ratio >= 3 && ring.width !== '0px',
          `the focus ring stands out from the page: ${ring.ratio.toFixed(1)}:1, ${ring.width}`);
    check((await treasurer.locator('#who').innerText()).includes('出纳'),
          'the header names the treasurer\'s role in the page\'s language');
    // No fund is chosen for them: a gift sent without one is refused beside
    // the field, before it reaches the server.
    check(await treasurer.$eval('select[name=fund]', (s) => s.value === ''), 'no fund is preselected');
    await treasurer.fill('input[name=amount]', '1250.00');
    await treasurer.click('form button[type=submit]');
    const fundError = await treasurer.locator('[data-field=fund] .field-error').innerText();
    check(fundError.includes('基金'), `a gift without a fund is refused beside its field: "${fundError}"`);
    await treasurer.selectOption('select[name=fund]', 'STUDENT_AID');
    await treasurer.fill('input[name=amount]', '12.345');
    await treasurer.click('form button[type=submit]');
    const amountError = await treasurer.locator('[data-field=amount] .field-error').innerText();
    check(amountError.includes('1250.00') && amountError.includes('金额'),
          `a bad amount is refused beside its field, in Chinese, showing the right form: "${amountError}"`);
    // Typed as people type in a Chinese form: full-width, with a thousands
    // comma and 元; the receipt below is for ¥1,250.00.
    await treasurer.fill('input[name=amount]', '１，２５０．００元');
    await treasurer.selectOption('select[name=channel]', 'wechat_pay');
    await refusedBeside(treasurer, 'form button[type=submit]', 'external_ref',
                        'the server\'s refusal (a WeChat Pay gift needs its reference) shows beside the field');
    await shot(treasurer, 'donation-field-error');
    await treasurer.fill('input[name=external_ref]', 'WX-UI-0001');
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForSelector('section.receipt');
    const receiptText = await treasurer.locator('section.receipt').innerText();
    check(receiptText.includes('壹仟贰佰伍拾元整') && receiptText.includes('¥1,250.00'),
          'the amount typed full-width with a comma and 元 is read as ¥1,250.00, in figures and in capitals');
    check(['助学金 (STUDENT_AID)', '匿名', '微信支付'].every((s) => receiptText.includes(s)),
          'the receipt names the fund, the payer (anonymous: no donor given) and the channel');
    const receiptNumber = /(\d{4}-\d{6})/.exec(receiptText)[1];
    const code = (await treasurer.locator('.receipt .code').innerText()).trim();
    const qrLoaded = await treasurer.$eval('.receipt img.qr', (img) => img.complete && img.naturalWidth > 0);
    check(qrLoaded, 'the receipt\'s QR code (to the receipt check) is drawn');
    await shot(treasurer, 'receipt');
    await readableContrast(treasurer, 'receipt');
    // 打印收据 records the print (copy 1, the original) and opens the print
    // dialog; the next print from the same page is a duplicate and says so.
    await treasurer.evaluate(() => {
      window.printed = 0;
      window.print = () => { window.printed += 1; };
    });
    const printButton = treasurer.getByRole('button', { name: '打印收据' });
    check(!(await treasurer.locator('section.receipt h2').innerText()).includes('副本'),
          'a receipt never printed prints as the original');
    const firstPrint = await answered(treasurer, '/print', () => printButton.click());
    check(firstPrint.status() === 201, `the first print is recorded (${firstPrint.status()})`);
    await treasurer.waitForFunction(() => window.printed === 1);
    await treasurer.waitForFunction(
      () => document.querySelector('section.receipt h2').textContent.includes('副本'));
    const secondPrint = await answered(treasurer, '/print', () => printButton.click());
    check(secondPrint.status() === 201, `a second print is recorded as copy 2 (${secondPrint.status()})`);
    await treasurer.waitForFunction(() => window.printed === 2);
    check((await secondPrint.json()).duplicate === true, 'the second print is a duplicate');

    // --- a lost answer: the gift reaches the books, the browser sees the
    // network fail; saving again sends the same Idempotency-Key, and the cash
    // gift (no reference to catch a duplicate by) is recorded once.
    await treasurer.goto(base + '/#/new-donation');
    await treasurer.waitForSelector('form select[name=fund]');
    await treasurer.selectOption('select[name=fund]', 'GENERAL');
    await treasurer.fill('input[name=amount]', '66.00');
    let answers = 0;
    await treasurer.route('**/api/v1/donations', async (route) => {
      const reply = await route.fetch();
      if (answers++ === 0) return route.abort('connectionreset');
      return route.fulfill({ response: reply });
    });
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForFunction(() => document.querySelector('form .form-error')?.textContent.length > 0);
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForSelector('section.receipt');
    await treasurer.unroute('**/api/v1/donations');
    const register = await treasurer.evaluate(() => {
      const year = new Date().getFullYear();  // the gift is dated today
      return fetch(`/api/v1/reports/donation-register?from=${year}-01-01&to=${year}-12-31`)
        .then((r) => r.json());
    });
    const recorded = register.tables[0].rows.filter((g) => g.amount === '66.00').length;
    check(answers === 2 && recorded === 1,
          `saved again after a lost answer, the gift is recorded once (${recorded} recorded, ${answers} sends)`);

    // --- a month's WeChat Pay statement as CSV: every bad row listed with its
    // line, nothing recorded; corrected, every row recorded ---------------------
    await treasurer.goto(base + '/#/new-donation/batch');
    await treasurer.waitForSelector('form input[name=file]');
    await everyInputLabelled(treasurer, 'batch');
    const templateHref = await treasurer.getAttribute('a[download]', 'href');
    const template = await treasurer.evaluate((u) => fetch(u).then((r) => r.text()), templateHref);
    check(template.includes('日期,金额,币种,方式'),
          'the import page offers a template with the Chinese headers');
    // Dated today, as the page computes it: the donations page then lists
    // them (it shows this month so far).
    const today = await treasurer.evaluate(() => {
      const d = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    });
    const statement = (second) => ({
      name: 'wechat-2026-11.csv', mimeType: 'text/csv',
      buffer: Buffer.from('\ufeff日期,金额,渠道,流水号,基金,捐赠人,备注\r\n' +
        `${today},100.00,微信,WX-B-1,GENERAL,,微信捐款\r\n` +
        `${today},${second},微信支付,WX-B-2,非限定性资金,,微信捐款\r\n`),
    });
    await treasurer.setInputFiles('input[name=file]', statement('50.5x'));
    await treasurer.fill('input[name=rows]', '2');
    await treasurer.fill('input[name=total]', '150.50');
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForFunction(() => [...document.querySelectorAll('main table tr')]
      .some((tr) => tr.innerText.includes('3') && tr.innerText.includes('金额')));
    check(true, 'a bad row of a batch is listed with its line and field');
    await shot(treasurer, 'batch-errors');
    await treasurer.setInputFiles('input[name=file]', statement('50.50'));
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForFunction(() => location.hash === '#/donations' &&
      document.querySelector('main table')?.innerText.includes('¥50.50'));
    check((await treasurer.locator('main table').innerText()).includes('¥100.00'),
          'the corrected batch is recorded whole and listed');

    // --- a new donor registered, then a gift from them; found again by the
    // phone's last digits, masked --------------------------------------------
    await treasurer.goto(base + '/#/donors');
    await treasurer.waitForSelector('form.card input[name=name]');
    await everyInputLabelled(treasurer, 'donors');
    await treasurer.fill('form.card input[name=name]', '周慧敏');
    await treasurer.fill('form.card input[name=phone]', '13912345678');
    await treasurer.click('form.card button[type=submit]');
    await treasurer.waitForFunction(() => location.hash.startsWith('#/new-donation/money/D-'));
    const donorId = decodeURIComponent(await treasurer.evaluate(() => location.hash.split('/').pop()));
    await treasurer.waitForSelector('form select[name=fund]');
    check(await treasurer.inputValue('input[name=donor]') === donorId, 'the new donor\'s id is filled in');
    await treasurer.selectOption('select[name=fund]', 'GENERAL');
    await treasurer.fill('input[name=amount]', '500.00');
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForSelector('section.receipt');
    check((await treasurer.locator('section.receipt').innerText()).includes(`周慧敏 (${donorId})`),
          'the receipt names the donor');
    for (let i = 0; i < 50 && !serverLog.includes(`reveal ${donorId} by wang`); i++) {
      await new Promise((r) => setTimeout(r, 100));  // the log arrives through a pipe
    }
    check(serverLog.includes(`reveal ${donorId} by wang (treasurer)`),
          'reading the donor\'s record for the receipt is logged, as a recipient\'s is');
    // The partner foundation's bill number goes on the receipt; then the
    // receipt is voided with a reason and says so.
    await treasurer.fill('input[name=bill_number]', '浙公益2026-0001');
    await treasurer.fill('input[name=issuer]', '市慈善总会');
    await treasurer.locator('form', { has: treasurer.locator('input[name=bill_number]') })
      .locator('button[type=submit]').click();
    await treasurer.waitForFunction(() =>
      document.querySelector('section.receipt')?.innerText.includes('浙公益2026-0001'));
    check(true, 'the partner foundation\'s bill number shows on the receipt');
    await treasurer.fill('input[name=reason]', '捐赠人要求退回');
    await treasurer.locator('form', { has: treasurer.locator('input[name=reason]') })
      .locator('button[type=submit]').click();
    await treasurer.waitForFunction(() =>
      document.querySelector('section.receipt')?.innerText.includes('已作废'));
    check(!(await treasurer.locator('input[name=reason]').count()),
          'a voided receipt says so and offers no more actions');
    await treasurer.goto(base + '/#/donors');
    await treasurer.waitForSelector('input[name=q]');
    // Found by the service on the records: by the phone's digits, and by
    // the name in full (which the masked list alone could never match).
    const searchFor = async (q) => {
      await answeredGet(treasurer, '/api/v1/donors?q=', () => treasurer.fill('input[name=q]', q));
      await treasurer.waitForFunction((want) => [...document.querySelectorAll('[data-q]')]
        .some((e) => e.dataset.q === want), q);
      return (await treasurer.locator('[data-q]').innerText());
    };
    for (const q of ['5678', '周慧敏']) {
      const found = await searchFor(q);
      check(found.includes(donorId) && found.includes('周*敏') && !found.includes('周慧敏'),
            `the donor list finds them by "${q}", answered masked: ${found.slice(0, 200).replace(/\s+/g, ' ')}`);
    }
    const nobody = await searchFor('王涛');
    check(!nobody.includes(donorId), 'a name nobody has finds nobody');
    await searchFor('5678');
    // A new phone number: the record revealed, corrected with the reason.
    await treasurer.locator('main table tr', { hasText: donorId }).getByRole('button', { name: '查看完整信息' }).click();
    await treasurer.waitForFunction(() => document.querySelector('.reveal')?.innerText.includes('周慧敏'));
    check(await correctRevealed(treasurer, 'phone', '13912345678', '13800001111', '捐赠人更换手机号'),
          'the treasurer corrects a donor\'s phone with a reason, starting from the record as it is');

    // --- the funds: a restricted fund opened, money moved into it; money
    // leaves a restricted purpose only with its release, by an admin; an empty
    // fund closed -----------------------------------------------------------------
    const cashOf = async (page, code) => (await page.evaluate(() =>
      fetch('/api/v1/funds').then((r) => r.json()))).funds.find((f) => f.code === code).cash
      .map((m) => m.amount).join(' ');
    await treasurer.goto(base + '/#/funds');
    await treasurer.waitForSelector('form input[name=code]');
    await everyInputLabelled(treasurer, 'funds');
    const fundList = await treasurer.locator('main table').innerText();
    check(fundList.includes('资助家庭经济困难的在校大学生 (学生)') && fundList.includes('非限定'),
          'the fund list says what each restricted fund is for and whom it serves');
    const openButton = 'form:has(input[name=code]) button[type=submit]';
    await treasurer.fill('input[name=code]', 'winter_2027');
    await treasurer.fill('input[name=name_zh]', '2027年冬季送温暖');
    await treasurer.fill('input[name=name_en]', 'Winter warmth 2027');
    check(await treasurer.locator('[data-field=serves]').isHidden(),
          'an unrestricted fund is not asked whom it serves');
    await treasurer.check('input[name=restricted]');
    await treasurer.fill('input[name=purpose]', '为困难家庭提供冬季衣物和被褥');
    await refusedBeside(treasurer, openButton, 'serves',
                        'a restricted fund that names nobody it serves is refused beside "serves"');
    await treasurer.check('[data-field=serves] input[value=household]');
    await treasurer.click(openButton);
    await treasurer.waitForFunction(() => document.querySelector('main table')?.innerText.includes('WINTER_2027'));
    check(true, 'the treasurer opens a restricted fund (its code typed in small letters)');
    check(!(await sendTransfer(treasurer, 'GENERAL', 'WINTER_2027', '200.00', '冬季送温暖配套资金')),
          'money moved from the general fund is not asked for a release');
    await treasurer.waitForFunction(() => [...document.querySelectorAll('main table tr')]
      .some((tr) => tr.innerText.includes('WINTER_2027') && tr.innerText.includes('¥200.00')));
    check(true, 'the treasurer moves 200.00 from the general fund to the new one');
    const release = ['WINTER_WARMTH', 'GENERAL', '10.00', '结余转入非限定', '捐赠人同意书 2026-11-29'];
    check(await sendTransfer(treasurer, ...release), 'money leaving a restricted purpose is asked for its release');
    await treasurer.waitForFunction(() =>
      document.querySelector('form:has(select[name=from]) .form-error')?.textContent.length > 0);
    const warmthBefore = await cashOf(treasurer, 'WINTER_WARMTH');
    const notAdmin = await treasurer.locator('form:has(select[name=from]) .form-error').innerText();
    check(notAdmin.startsWith('无权办理：'),
          `a treasurer releasing restricted money is refused, saying why in Chinese first: "${notAdmin}"`);
    const admin = sessions.boss.page;
    await admin.goto(base + '/#/funds');
    await admin.waitForSelector('form select[name=from]');
    await sendTransfer(admin, ...release);
    await admin.waitForFunction(() => document.querySelector('#toast')?.textContent.length > 0);
    const warmthAfter = await cashOf(admin, 'WINTER_WARMTH');
    check(toMinorFen(warmthBefore) - toMinorFen(warmthAfter) === 1000,
          `the admin releases 10.00 with its document (${warmthBefore} -> ${warmthAfter})`);
    // A fund that holds money offers no close; an empty one closes, with a reason.
    check(!(await admin.locator('main table tr', { hasText: 'WINTER_2027' }).getByRole('button').count()),
          'a fund that still holds money offers no way to close it');
    await admin.fill('input[name=code]', 'EMPTY_UI');
    await admin.fill('input[name=name_zh]', '测试基金');
    await admin.fill('input[name=name_en]', 'Test fund');
    await admin.click(openButton);
    await admin.waitForFunction(() => document.querySelector('main table')?.innerText.includes('EMPTY_UI'));
    await rowAction(admin, 'EMPTY_UI', '关闭基金', '设立有误', '已关闭');
    check(true, 'an empty fund is closed with a reason');
    await shot(admin, 'funds');
    await coordinator.goto(base + '/#/funds');
    await coordinator.waitForSelector('main table');
    check(!(await coordinator.locator('main form').count()),
          'a coordinator reads the funds and is offered no way to move money');

    // --- a gift in kind: counted by two people ---------------------------------
    await treasurer.goto(base + '/#/new-donation/goods');
    await treasurer.waitForSelector('form input[name=received_by]');
    await everyInputLabelled(treasurer, 'gift in kind');
    await treasurer.selectOption('select[name=fund]', 'WINTER_WARMTH');
    await treasurer.fill('input[name="items[0].item"]', '棉衣 winter coat');
    await treasurer.fill('input[name="items[0].quantity"]', '20');
    await treasurer.fill('input[name="items[0].unit"]', '件');
    await treasurer.selectOption('select[name="items[0].valuation"]', 'invoice');
    await treasurer.fill('input[name="items[0].value"]', '3000.00');
    await treasurer.fill('input[name=received_by]', '王芳');
    await treasurer.fill('input[name=checked_by]', '王芳');
    await refusedBeside(treasurer, 'form button[type=submit]', 'checked_by',
                        'goods checked by the one who received them are refused beside "checked by"');
    await treasurer.fill('input[name=checked_by]', '李强');
    await treasurer.click('form button[type=submit]');
    await treasurer.waitForSelector('section.receipt');
    const goodsReceipt = await treasurer.locator('section.receipt').innerText();
    check(goodsReceipt.includes('棉衣 winter coat') && goodsReceipt.includes('叁仟元整'),
          'the gift in kind gets a receipt listing its items and their value in capitals');
    await shot(treasurer, 'receipt-goods');

    // --- five of those coats handed out to a household -----------------------
    const coordinatorPage = sessions.li.page;
    const roster = await coordinatorPage.evaluate(() => fetch('/api/v1/recipients').then((r) => r.json()));
    const family = roster.recipients.find((r) => r.category === 'household').id;
    await coordinatorPage.goto(base + '/#/hand-out');
    await coordinatorPage.waitForSelector('form select[name=fund]');
    await everyInputLabelled(coordinatorPage, 'hand-out');
    await coordinatorPage.selectOption('select[name=fund]', 'WINTER_WARMTH');
    await coordinatorPage.selectOption('select[name="items[0].item"]', '棉衣 winter coat\n件');
    await coordinatorPage.fill('input[name="items[0].quantity"]', '5');
    await coordinatorPage.fill('input[name=recipient]', family);
    await coordinatorPage.click('form button[type=submit]');
    await coordinatorPage.waitForFunction(() => [...document.querySelectorAll('main table tr')]
      .some((tr) => tr.innerText.includes('棉衣 winter coat') && /\b15\b/.test(tr.innerText)));
    check(true, `the coordinator hands out 5 coats to household ${family}: 15 left in stock`);
    await shot(coordinatorPage, 'hand-out');

    // --- volunteer service: the winter visits recorded as people and hours;
    // one entered by mistake withdrawn with the reason ------------------------
    await coordinatorPage.goto(base + '/#/services');
    await coordinatorPage.waitForSelector('form input[name=activity]');
    await everyInputLabelled(coordinatorPage, 'volunteer service');
    const serve = async (activity, volunteers, hours) => {
      await coordinatorPage.fill('input[name=activity]', activity);
      await coordinatorPage.fill('input[name=volunteers]', volunteers);
      await coordinatorPage.fill('input[name=minutes]', hours);
      await coordinatorPage.click('form button[type=submit]');
    };
    await serve('冬季送温暖入户走访', '12', '2.25');
    await coordinatorPage.waitForFunction(() =>
      document.querySelector('[data-field=minutes] .field-error')?.textContent.length > 0);
    check(true, 'hours finer than a tenth are refused beside the field');
    await serve('冬季送温暖入户走访', '12', '3');
    await coordinatorPage.waitForFunction(() => document.querySelector('main table')?.innerText.includes('36.0'));
    await serve('误录', '2', '1');
    await coordinatorPage.waitForFunction(() => document.querySelector('main table')?.innerText.includes('误录'));
    check(true, 'the coordinator records 12 volunteers for 3 hours each: 36.0 hours');
    await rowAction(coordinatorPage, '误录', '撤回', '重复登记', '已撤回');
    check(true, 'a service record made in error is withdrawn with the reason');
    await shot(coordinatorPage, 'services');

    await treasurer.goto(base + '/#/donations');
    await treasurer.waitForSelector('main table');
    check((await treasurer.locator('main table').innerText()).includes(receiptNumber),
          `the new donation ${receiptNumber} is listed`);
    await shot(treasurer, 'donations');
    // The list adds up what it shows, reversed gifts left out.
    const listTotal = async () => toMinorFen((await treasurer.locator('main table tfoot td').nth(5).innerText()).replace('¥', ''));
    const rowsTotal = async () => (await treasurer.$$eval('main table tbody tr', (trs) => trs
      .filter((tr) => !tr.cells[6].innerText.includes('reversed'))
      .map((tr) => tr.cells[5].innerText.replace('¥', ''))))
      .reduce((sum, amount) => sum + toMinorFen(amount), 0);
    const totalBefore = await listTotal();
    check(totalBefore === await rowsTotal(), `the donations list's total row adds up its rows: ${totalBefore} fen`);
    // Reversed with a reason, by two people: the treasurer proposes, the
    // admin confirms on the dashboard; the row then says so, nothing is edited.
    const reverseButton = treasurer.locator('main table tr', { hasText: receiptNumber })
      .getByRole('button', { name: '冲销' });
    const looks = await reverseButton.evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]);
    const submitLooks = await treasurer.evaluate(() => {
      const b = document.querySelector('a.button, button[type=submit]');
      return b ? [getComputedStyle(b).color, getComputedStyle(b).backgroundColor] : [];
    });
    check(looks.join() !== submitLooks.join(), `冲销 looks unlike the main button: ${looks} vs ${submitLooks}`);
    await reverseButton.click();
    // Asked in the page's own dialog: an empty reason is refused there.
    const asked = treasurer.locator('dialog[open]');
    await asked.waitFor();
    await asked.locator('button[type=submit]').click();
    await asked.locator('.field-error', { hasText: '原因' }).waitFor();
    await everyInputLabelled(treasurer, 'the reason dialog');
    await giveReason(treasurer, 'recorded twice by mistake');
    await treasurer.waitForFunction(() => document.getElementById('toast').textContent.includes('待另一人确认'));
    check(!(await treasurer.locator('main table tr', { hasText: receiptNumber }).innerText()).includes('reversed'),
          'a proposed reversal reverses nothing yet');
    const confirmer = sessions.boss.page;
    await confirmer.goto(base + '/#/');
    await confirmer.waitForSelector('main h2:has-text("待另一人确认")');
    const pendingRow = confirmer.locator('main table tr', { hasText: 'recorded twice by mistake' });
    check((await pendingRow.innerText()).includes('wang'),
          'the admin sees the treasurer\'s reversal waiting for a second person');
    // The dashboard's gifts this month are net of reversals: confirming the
    // reversal of today's ¥1,250.00 gift takes it off.
    const monthGifts = async () => toMinorFen((await confirmer.locator('#this-month td').nth(1).innerText()).replace('¥', ''));
    const giftsBefore = await monthGifts();
    confirmer.once('dialog', (d) => d.accept());
    await answered(confirmer, '/confirm', () => pendingRow.getByRole('button', { name: '确认' }).click());
    await confirmer.waitForFunction(() => document.getElementById('toast').textContent.length > 0);
    const confirmedToast = await confirmer.locator('#toast').innerText();
    check(confirmedToast.includes('已保存'), `the admin confirms the reversal: ${confirmedToast}`);
    await confirmer.reload();
    await confirmer.waitForSelector('#this-month td');
    const giftsAfter = await monthGifts();
    check(giftsBefore - giftsAfter === 125000,
          `the dashboard's gifts this month are net of the reversal: ${giftsBefore} -> ${giftsAfter} fen`);
    await shot(confirmer, 'dashboard-confirmed');
    await treasurer.reload();  // still on the donations page: read the list again
    await treasurer.waitForFunction((n) => [...document.querySelectorAll('main table tr')]
      .some((tr) => tr.innerText.includes(n) && tr.innerText.includes('reversed')), receiptNumber);
    check(true, 'the treasurer proposes reversing the donation with a reason and the admin confirms it');
    const totalAfter = await listTotal();
    check(totalBefore - totalAfter === 125000 && totalAfter === await rowsTotal(),
          `the reversed gift leaves the list's total: ${totalBefore} -> ${totalAfter} fen`);

    // --- consent withdrawn: a recipient's personal data erased, the id kept --
    // One with no grant: the aid reports below read the others.
    const granted = new Set((await coordinator.evaluate(() =>
      fetch('/api/v1/grants').then((r) => r.json()))).grants.map((g) => g.recipient));
    const erasable = roster.recipients
      .filter((r) => !r.erased && !granted.has(r.id) && r.id !== family).pop().id;
    await coordinator.goto(base + '/#/recipients');
    await coordinator.waitForSelector('input[name=q]');
    await coordinator.fill('input[name=q]', erasable);
    await coordinator.locator('main table tr', { hasText: erasable })
      .getByRole('button', { name: '查看完整信息' }).click();
    await coordinator.waitForSelector('.reveal dl');
    await coordinator.locator('.reveal').getByRole('button', { name: '删除个人信息' }).click();
    await giveReason(coordinator, '本人撤回同意');
    await coordinator.waitForFunction((id) => {
      const row = [...document.querySelectorAll('main table tr')].find((tr) => tr.innerText.includes(id));
      return row && !row.querySelector('button');
    }, erasable);
    const erasedRecord = await coordinator.evaluate((id) =>
      fetch('/api/v1/recipients/' + id).then((r) => r.status), erasable);
    check(erasedRecord === 404,
          `an erased recipient stays on the roster by id only; the record is gone (${erasedRecord})`);

    // --- the coordinators enrol, propose and approve; the treasurer pays ----
    await coordinator.goto(base + '/#/recipients');
    await coordinator.waitForSelector('form select[name=category]');
    await everyInputLabelled(coordinator, 'recipients');
    await coordinator.fill('input[name=name]', '李小华');
    await coordinator.fill('input[name=id_number]', '11010519491231002X');
    await coordinator.fill('input[name=consent_form]', 'UI-1');
    await coordinator.fill('input[name=school]', '浙江工业大学');
    await coordinator.fill('input[name=bank_account]', '6222020200112233445');
    await coordinator.click('form button[type=submit]');
    await coordinator.waitForFunction(() => document.querySelector('main table')?.innerText.includes('李*华'));
    check(!(await coordinator.locator('main table').innerText()).includes('李小华'),
          'the roster shows the new recipient masked');
    const rosterText = await coordinator.locator('main table').innerText();
    const recipientId = [...rosterText.matchAll(/R-\d{6}/g)].map((m) => m[0]).sort().pop();
    await coordinator.locator('main table tr', { hasText: recipientId })
      .getByRole('button', { name: '查看完整信息' }).click();
    await coordinator.waitForFunction(() => document.querySelector('.reveal')?.innerText.includes('李小华'));
    for (let i = 0; i < 50 && !serverLog.includes(`reveal ${recipientId} by li`); i++) {
      await new Promise((r) => setTimeout(r, 100));  // the log arrives through a pipe
    }
    check(serverLog.includes(`reveal ${recipientId} by li (coordinator)`),
          'revealing a record shows it and is logged');
    check((await coordinator.locator('.reveal').innerText()).includes('浙江工业大学'),
          'the enrolment keeps the school and the bank account the stipend is paid to');
    // A new bank account: the whole record again, prefilled, with the reason.
    check(await correctRevealed(coordinator, 'bank_account', '6222020200112233445', '6217000010009998887',
                                '受助人更换银行卡'),
          'the coordinator corrects the bank account with a reason, starting from the record as it is');
    // A record from the top of a roster of 331 shows where the coordinator
    // is looking, not below the whole roster.
    await coordinator.locator('main table tr', { hasText: 'R-000001' })
      .getByRole('button', { name: '查看完整信息' }).click();
    await coordinator.waitForFunction(() => document.querySelector('.reveal')?.innerText.includes('R-000001'));
    const box = await coordinator.locator('.reveal').boundingBox();
    const inView = await coordinator.evaluate((b) => b.y < window.innerHeight && b.y + b.height > 0, box);
    check(inView, 'the revealed record shows in view');
    const revealed = await coordinator.locator('.reveal').innerText();
    check(revealed.includes('银行账号') && revealed.includes('本人') && !/[a-z]_[a-z]/.test(revealed),
          `the revealed record is labelled in the page's language: ${revealed.replace(/\s+/g, ' ')}`);
    await coordinator.fill('input[name=q]', recipientId);
    check((await coordinator.locator('main table tbody tr').count()) === 1,
          'the roster filters to the recipient searched for');
    await coordinator.fill('input[name=q]', '');
    await coordinator.selectOption('select[name=category_filter]', 'household');
    check(!(await coordinator.locator('main table').innerText()).includes('学生'),
          'the roster filters by category');
    await shot(coordinator, 'recipients');
    // From the roster row to a proposal for that recipient.
    await coordinator.selectOption('select[name=category_filter]', '');
    await coordinator.fill('input[name=q]', recipientId);
    await coordinator.locator('main table tr', { hasText: recipientId }).getByRole('link', { name: '提出救助' }).click();
    await coordinator.waitForSelector('form input[name=recipient]');
    check(await coordinator.inputValue('input[name=recipient]') === recipientId,
          'proposing from the roster fills in the recipient');
    await coordinator.selectOption('select[name=fund]', 'STUDENT_AID');
    await coordinator.fill('input[name=amount]', '800.00');
    await coordinator.fill('input[name=purpose]', 'stipend');
    await coordinator.fill('input[name=term]', '2026 autumn UI');
    await coordinator.click('form button[type=submit]');
    await coordinator.waitForFunction((r) => document.querySelector('main table')?.innerText.includes('2026 autumn UI'), recipientId);
    const zhao = await login('zhao');
    await zhao.page.goto(base + '/#/grants');
    const row = zhao.page.locator('main table tr', { hasText: '2026 autumn UI' });
    // Rejecting is final: asked for the reason and cancelled, it rejects nothing.
    await row.getByRole('button', { name: '驳回' }).click();
    await giveReason(zhao.page, null);
    await zhao.page.waitForTimeout(300);
    const stillProposed = await zhao.page.evaluate(() =>
      fetch('/api/v1/grants?state=proposed').then((r) => r.json()));
    check(stillProposed.grants.some((g) => g.term === '2026 autumn UI'),
          'a rejection whose reason is cancelled rejects nothing');
    await row.getByRole('button', { name: '批准' }).click();
    await zhao.page.waitForFunction(() => [...document.querySelectorAll('main table tr')]
      .some((tr) => tr.innerText.includes('2026 autumn UI') && tr.innerText.includes('已批准')));
    check(true, 'another coordinator approves the grant');
    await treasurer.goto(base + '/#/dashboard');
    await treasurer.waitForSelector('main table');
    check((await treasurer.locator('main').innerText()).includes('待支付的救助: 1'),
          'the treasurer\'s dashboard shows the approved aid waiting to be paid');
    // The bank pays, so the treasurer first banks the takings (#/accounts):
    // the API refuses aid from an account that holds too little (service test).
    await treasurer.goto(base + '/#/accounts');
    await treasurer.waitForSelector('form select[name=from] option[value=BANK]', { state: 'attached' });
    await everyInputLabelled(treasurer, 'accounts');
    const held = await treasurer.evaluate(() => fetch('/api/v1/accounts').then((r) => r.json()));
    const sources = held.accounts.filter((a) => a.code !== 'BANK' && a.balances.length &&
                                               a.balances[0].amount !== '0.00');
    const move = treasurer.locator('form', { has: treasurer.locator('select[name=from]') });
    for (const source of sources) {
      await move.locator('select[name=from]').selectOption(source.code);
      await move.locator('select[name=to]').selectOption('BANK');
      await move.locator('input[name=amount]').fill(source.balances[0].amount);
      await move.locator('input[name=memo]').fill('存入银行 ' + source.code);
      await answered(treasurer, '/api/v1/accounts/transfers', () => move.locator('button[type=submit]').click());
      await treasurer.waitForFunction((m) => document.querySelector('main')?.innerText.includes(m),
                                      '存入银行 ' + source.code);
    }
    const banked = await treasurer.evaluate(() => fetch('/api/v1/accounts').then((r) => r.json()));
    const bank = banked.accounts.find((a) => a.code === 'BANK');
    check(sources.length > 0 && bank.balances.length && Number(bank.balances[0].amount) >= 1160,
          `the treasurer banks the takings on the accounts page: ${JSON.stringify(bank.balances)}`);
    await shot(treasurer, 'accounts');
    // Opening balances: the demo books began in 2025 without any, so none
    // shows; a proposal dated on or before money already in the books is
    // refused beside its date, two lines and all.
    check((await treasurer.locator('main').innerText()).includes('尚未录入期初余额'),
          'the accounts page says no opening balances are recorded');
    const opening = treasurer.locator('form', { has: treasurer.locator('select[name="lines[0].fund"]') });
    await opening.locator('input[name=date]').fill('2025-01-01');
    await opening.locator('select[name="lines[0].fund"]').selectOption('GENERAL');
    await opening.locator('select[name="lines[0].account"]').selectOption('BANK');
    await opening.locator('input[name="lines[0].amount"]').fill('8000.00');
    await opening.getByRole('button', { name: '添加一行' }).click();
    await opening.locator('select[name="lines[1].fund"]').selectOption('GENERAL');
    await opening.locator('select[name="lines[1].account"]').selectOption('CASH');
    await opening.locator('input[name="lines[1].amount"]').fill('350.00');
    await everyInputLabelled(treasurer, 'opening balances');
    const proposedOpening = await answered(treasurer, '/api/v1/opening',
                                           () => opening.locator('button[type=submit]').click());
    // The page has other forms with a date: the error is this form's.
    const dateError = opening.locator('[data-field=date] .field-error');
    await dateError.filter({ hasText: /./ }).waitFor();
    check(proposedOpening.status() === 422 && (await dateError.innerText()).length > 0,
          `opening balances dated before money in the books are refused beside the date: ${proposedOpening.status()}`);
    await treasurer.goto(base + '/#/grants');
    const payRow = treasurer.locator('main table tr', { hasText: '2026 autumn UI' });
    await payRow.getByRole('button', { name: '支付' }).click();
    await treasurer.waitForSelector('form.card input[name=external_ref]');
    await everyInputLabelled(treasurer, 'payment');
    check(await treasurer.inputValue('form.card input[name=amount]') === '800.00',
          'the payment form offers what is owed');
    await refusedBeside(treasurer, 'form.card button[type=submit]', 'external_ref',
                        'a bank payment without its reference is refused beside the field');
    await treasurer.fill('form.card input[name=external_ref]', 'BANK-UI-0001');
    await treasurer.click('form.card button[type=submit]');
    // Paid in full, it leaves the list of grants waiting; all grants show it owed nothing.
    await treasurer.waitForFunction(() => !document.querySelector('form.card') &&
      ![...document.querySelectorAll('main table tr')].some((tr) => tr.innerText.includes('2026 autumn UI')));
    await treasurer.selectOption('select[name=show]', 'all');
    await treasurer.waitForFunction(() => [...document.querySelectorAll('main table tr')]
      .some((tr) => tr.innerText.includes('2026 autumn UI') && tr.innerText.includes('¥0.00') &&
                    tr.innerText.includes('已付清')));
    check(true, 'the treasurer pays it with the bank\'s reference; nothing is outstanding and it reads 已付清');
    await shot(treasurer, 'grants');

    // --- the coordinator prints the aid-recipient report to PDF --------------
    const report = await sessions.li.context.newPage();
    const thisYear = new Date().getFullYear();  // the aid was paid today
    await report.goto(`${base}/api/v1/reports/aid-recipients?from=${thisYear}-01-01&to=${thisYear}-12-31&format=html`);
    const reportText = await report.locator('body').innerText();
    check(reportText.includes('受助人救助报表') && reportText.includes('li (coordinator)'),
          'the aid-recipient report says who printed it');
    const pdf = path.join(artifacts, 'aid-recipients.pdf');
    await report.pdf({ path: pdf, format: 'A4' });
    check(fs.statSync(pdf).size > 1000 && fs.readFileSync(pdf).subarray(0, 5).toString() === '%PDF-',
          'the aid-recipient report prints to PDF');

    // --- a cost: the coordinator proposes it, the treasurer pays and records
    // it from the waiting list; income from interest; the statements printed
    await coordinator.goto(base + '/#/costs');
    await coordinator.waitForSelector('form select[name=category]');
    await everyInputLabelled(coordinator, 'costs');
    await coordinator.selectOption('form select[name=category]', 'program');
    await coordinator.selectOption('form select[name=fund]', 'GENERAL');
    await coordinator.fill('form input[name=amount]', '360.00');
    await coordinator.fill('form input[name=payee]', '顺达物流有限公司');
    await coordinator.fill('form input[name=voucher]', 'INV-UI-0001');
    await coordinator.fill('form input[name=purpose]', '冬衣运输');
    const proposedCost = await answered(coordinator, '/api/v1/costs',
                                        () => coordinator.click('form button[type=submit]'));
    check(proposedCost.status() === 201 && (await proposedCost.json()).state === 'proposed',
          'the coordinator proposes a cost; it waits for a treasurer');
    await treasurer.goto(base + '/#/');
    const costRow = treasurer.locator('main table tr', { hasText: 'INV-UI-0001' });
    await costRow.waitFor();
    const answerDialogs = (d) => d.accept(d.type() === 'prompt' ? 'BK-UI-0001' : undefined);
    treasurer.on('dialog', answerDialogs);
    const paid = await answered(treasurer, '/confirm',
                                () => costRow.getByRole('button', { name: '确认' }).click());
    treasurer.off('dialog', answerDialogs);
    check(paid.status() === 201, `the treasurer records the cost with the bank's reference: ${paid.status()}`);
    const costList = await treasurer.evaluate(() => fetch('/api/v1/costs').then((r) => r.json()));
    const uiCost = costList.costs.find((c) => c.voucher === 'INV-UI-0001');
    check(uiCost && uiCost.proposer.id === 'li' && uiCost.recorder.id === 'wang',
          'the cost names who proposed it and who recorded it');
    await treasurer.goto(base + '/#/costs');
    await treasurer.waitForSelector('main table tr:has-text("INV-UI-0001")');
    await treasurer.waitForSelector('form select[name=payer], form input[name=payer]');
    const income = treasurer.locator('form', { has: treasurer.locator('input[name=payer]') });
    await income.locator('select[name=category]').selectOption('investment_income');
    await income.locator('select[name=fund]').selectOption('GENERAL');
    await income.locator('input[name=amount]').fill('12.34');
    await income.locator('input[name=payer]').fill('开户银行');
    await income.locator('input[name=external_ref]').fill('INT-UI-1');
    const recordedIncome = await answered(treasurer, '/api/v1/income',
                                          () => income.locator('button[type=submit]').click());
    check(recordedIncome.status() === 201, 'the treasurer records interest as income, with no receipt');
    await treasurer.waitForSelector('main table tr:has-text("开户银行")');
    await shot(treasurer, 'costs-and-income');
    const statements = await sessions.wang.context.newPage();
    await statements.goto(`${base}/api/v1/reports/activities?from=${thisYear}-01-01&to=${thisYear}-12-31&format=html`);
    const statementText = await statements.locator('body').innerText();
    // This year's programme costs are the aid paid above and the transport.
    check(statementText.includes('业务活动表') && statementText.includes('¥12.34') &&
          statementText.includes('业务活动成本') && statementText.includes('管理费用'),
          `the statement of activities shows the interest and the costs by category: ${statementText.slice(0, 600)}`);
    const statementPdf = path.join(artifacts, 'activities.pdf');
    await statements.pdf({ path: statementPdf, format: 'A4' });
    check(fs.readFileSync(statementPdf).subarray(0, 5).toString() === '%PDF-',
          'the statement of activities prints to PDF');
    for (const name of ['balance-sheet', 'cash-flows']) {
      await statements.goto(`${base}/api/v1/reports/${name}?from=${thisYear}-01-01&to=${thisYear}-12-31&format=html`);
      const text = await statements.locator('body').innerText();
      check(text.includes(name === 'balance-sheet' ? '资产负债表' : '现金流量表') && text.includes('wang (treasurer)'),
            `the ${name} prints with who printed it`);
    }

    // --- the admin proposes closing January (the next period in order, offered
    // as the choice, not typed), the treasurer confirms: a checkpoint follows
    const boss = sessions.boss.page;
    const before = await boss.evaluate(() => fetch('/api/v1/checkpoints').then((r) => r.json()));
    await boss.goto(base + '/#/reports');
    await boss.waitForSelector('select[name=period]');
    await everyInputLabelled(boss, 'reports');
    const offered = await boss.$$eval('select[name=period] option', (os) => os.map((o) => o.value));
    const thisMonth = new Date().toISOString().slice(0, 7);
    check(offered[0] === '2026-01' && !offered.includes(thisMonth) && !offered.includes(`${thisYear}`),
          `the close form offers the next period that has ended: ${offered.join(', ')}`);
    await boss.selectOption('select[name=period]', '2026-01');
    boss.once('dialog', (d) => d.accept());
    await boss.locator('form', { has: boss.locator('select[name=period]') }).locator('button[type=submit]').click();
    await boss.waitForFunction(() => document.getElementById('toast').textContent.includes('2026-01'));
    const proposedOnly = await boss.evaluate(() => fetch('/api/v1/checkpoints').then((r) => r.json()));
    check(proposedOnly.checkpoints.length === before.checkpoints.length, 'a proposed close closes nothing');
    await treasurer.goto(base + '/#/');
    const closeRow = treasurer.locator('main table tr', { hasText: '2026-01' });
    await closeRow.waitFor();
    treasurer.once('dialog', (d) => d.accept());
    const confirmed = await answered(treasurer, '/confirm',
                                     () => closeRow.getByRole('button', { name: '确认' }).click());
    check(confirmed.ok(), `the treasurer's confirmation is answered: ${confirmed.status()}`);
    const after = await boss.evaluate(() => fetch('/api/v1/checkpoints').then((r) => r.json()));
    check(after.checkpoints.length === before.checkpoints.length + 1,
          'the admin proposes closing January 2026, the treasurer confirms it, and a checkpoint follows');

    // --- the auditor runs verify ---------------------------------------------
    await auditor.goto(base + '/#/audit');
    await auditor.getByRole('button', { name: '核验账本' }).click();
    await auditor.waitForSelector('.verify-result.ok', { timeout: 60000 });
    check((await auditor.locator('.verify-result').innerText()).includes('核验通过'), 'verify passes');
    const checkpointTimes = await auditor.locator('main table').innerText();
    check(/\d{4}年\d+月\d+日 \d{2}:\d{2}:\d{2}/.test(checkpointTimes) && !/\dT\d/.test(checkpointTimes),
          'checkpoint times read as local dates and times, not raw timestamps');
    await shot(auditor, 'audit');

    // --- English, and the public pages without logging in --------------------
    // Half-way through a gift, the language switched: what was typed stays.
    await treasurer.goto(base + '/#/new-donation');
    await treasurer.waitForSelector('form select[name=fund]');
    await treasurer.selectOption('select[name=fund]', 'GENERAL');
    await treasurer.fill('input[name=amount]', '88.00');
    await treasurer.fill('input[name=memo]', '半填的表');
    await treasurer.selectOption('#lang', 'en');
    await treasurer.waitForFunction(() => document.querySelector('#nav').innerText.includes('Donations'));
    await treasurer.waitForFunction(() => document.querySelector('input[name=memo]')?.value === '半填的表');
    const keptForm = await treasurer.evaluate(() => ({
      fund: document.querySelector('select[name=fund]').value,
      amount: document.querySelector('input[name=amount]').value,
      label: document.querySelector('[data-field=amount] label').textContent,
    }));
    check(keptForm.fund === 'GENERAL' && keptForm.amount === '88.00' && keptForm.label.startsWith('Amount'),
          `English is selectable, and the half-filled form keeps what was typed: ${JSON.stringify(keptForm)}`);
    await shot(treasurer, 'english');
    const anonymous = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    // Unasked, the summary opens on the latest year with money to show, and
    // says in words which signed checkpoint its figures are.
    const yearSummary = async (y) => (await fetch(
      `${base}/api/v1/public/summary?from=${y}-01-01&to=${y}-12-31`)).json();
    const thisYears = await yearSummary(thisYear);
    const latest = thisYears.tables.find((tab) => tab.key === 'quarters').rows.length ? thisYear : thisYear - 1;
    await anonymous.goto(`${base}/#/public`);
    await anonymous.waitForSelector('main p.basis');
    const opened = await anonymous.inputValue('input[name=year]');
    const basisText = await anonymous.locator('main p.basis').innerText();
    const shownSize = (await yearSummary(latest)).basis.checkpoint.size;
    check(opened === String(latest) && basisText.includes(`账本前 ${shownSize} 条记录`),
          `the public summary opens on ${opened} (latest with money: ${latest}) and names its checkpoint: ${basisText}`);
    await anonymous.goto(`${base}/#/public/${thisYear - 1}`);
    await anonymous.waitForSelector('main table');
    await everyInputLabelled(anonymous, 'public summary');
    check((await anonymous.locator('main').innerText()).includes('按基金和季度'),
          'the public summary needs no login');
    await shot(anonymous, 'public-summary');
    // This year's, as of the checkpoint after January's close: the visits
    // count, the withdrawn record does not.
    await anonymous.goto(`${base}/#/public/${thisYear}`);
    await anonymous.waitForFunction(() => document.querySelector('main')?.innerText.includes('志愿服务'));
    const serviceRows = await anonymous.locator('main table', { hasText: '服务时长' }).innerText();
    check(serviceRows.includes('36.0') && !serviceRows.includes('38.0'),
          `the public summary discloses volunteer hours, without the withdrawn record: ${serviceRows.replace(/\s+/g, ' ')}`);
    await anonymous.goto(`${base}/#/check/${receiptNumber}/${code}`);
    await anonymous.waitForSelector('main dl');
    const checkedText = await anonymous.locator('main dl').innerText();
    check(checkedText.includes('¥1,250.00') && checkedText.includes('已冲销') &&
          checkedText.includes('recorded twice by mistake'),
          `a donor checks the receipt with its code and is told it was reversed, and why: ${checkedText.replace(/\s+/g, ' ')}`);
    await shot(anonymous, 'receipt-check');
    // A wrong code next: the refusal stands alone, the last result is gone.
    await anonymous.fill('input[name=code]', 'WRONGCODE');
    await anonymous.click('form button[type=submit]');
    await anonymous.waitForFunction(() =>
      [...document.querySelectorAll('.field-error, .form-error')].some((e) => e.textContent.length > 0));
    check(await anonymous.locator('main dl').count() === 0,
          'a failed check leaves no earlier result under its error');
    // Logging out ends the session: the pages ask for a login again.
    await auditor.getByRole('button', { name: '退出' }).click();
    await auditor.waitForSelector('form input[autocomplete=username]');
    await auditor.goto(base + '/#/audit');
    await auditor.waitForSelector('form input[autocomplete=username]');
    check(true, 'after logging out the auditor\'s pages need a login again');
    check(consoleErrors.length === 0, `no script errors ${consoleErrors.join(' | ')}`);
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    fs.writeFileSync(path.join(artifacts, 'serve.log'), serverLog);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser checks failed`);
  process.exit(failures === 0 ? 0 : 1);
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
