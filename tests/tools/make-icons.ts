/** Renders tests/tools/icon.svg to the PNG sizes the manifests use (public/icon/<size>.png). */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../support/chromium';
import { CHROMIUM_PATH, ROOT } from '../support/paths';

const svg = readFileSync(resolve(ROOT, 'tests/tools/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
for (const size of [16, 32, 48, 96, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}</style>${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}`,
  );
  writeFileSync(resolve(ROOT, `public/icon/${size}.png`), await page.screenshot({ omitBackground: true }));
  await page.close();
}
await browser.close();
