import { chromium } from 'playwright-core';
const url = process.argv[2];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
p.on('pageerror', e => console.log('PAGEERROR', e.message));
for (const s of [4,5,21]) {
await p.goto(url + '#seq='+s);
await p.reload();
await p.waitForSelector(`body[data-ready="${s}"]`);
await p.click('#tab-wire');
console.log(s, JSON.stringify(await p.$$eval('#pane-wire li', e => e.map(x=>x.textContent))), await p.$eval('canvas', c=>c.getAttribute('aria-label')));
}
await p.screenshot({ path: '/tmp/vv/col.png' });
await b.close();
