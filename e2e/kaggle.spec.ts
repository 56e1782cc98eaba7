import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { expect, test as base, type HostEnv } from './fixtures';
import { Wizard } from './pages/wizard';

const USER = 'e2e-user';
const KEY = 'e2e-secret-key';
const REF = 'test-owner/palmer-penguins';

interface FakeKaggle {
  base: string;
  /** Every request the server saw, as `METHOD path status`. */
  log: string[];
}

function authorized(req: IncomingMessage): boolean {
  return req.headers.authorization === `Basic ${Buffer.from(`${USER}:${KEY}`).toString('base64')}`;
}

/**
 * A loopback stand-in for Kaggle's REST API: dataset search and download, both behind HTTP basic
 * auth. The zip is sent in ten slices 150 ms apart so the download takes long enough to be seen.
 */
async function startFakeKaggle(zip: Buffer): Promise<{ server: Server; api: FakeKaggle }> {
  const log: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: string | Buffer, type = 'application/json') => {
      log.push(`${req.method} ${url.pathname} ${status}`);
      res.writeHead(status, { 'content-type': type, 'content-length': String(body.length) });
      res.end(body);
    };
    if (!authorized(req)) return reply(401, JSON.stringify({ code: 401, message: 'Unauthenticated' }));
    if (url.pathname === '/api/v1/datasets/list') {
      const q = (url.searchParams.get('search') ?? '').toLowerCase();
      const all = [
        {
          ref: REF,
          title: 'Palmer Archipelago penguins',
          subtitle: 'Size measurements for three penguin species',
          totalBytes: zip.length,
          lastUpdated: '2024-03-02T10:00:00Z',
          voteCount: 1234,
        },
        {
          ref: 'someone/house-prices',
          title: 'House prices',
          totalBytes: 1_200_000,
          lastUpdated: '2023-01-05T00:00:00Z',
        },
      ];
      return reply(200, JSON.stringify(all.filter((d) => `${d.ref} ${d.title}`.toLowerCase().includes(q))));
    }
    if (url.pathname === `/api/v1/datasets/download/${REF}`) {
      log.push(`${req.method} ${url.pathname} 200`);
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-length': String(zip.length),
        'content-disposition': 'attachment; filename="palmer-penguins.zip"',
      });
      const slice = Math.ceil(zip.length / 10);
      let at = 0;
      const timer = setInterval(() => {
        res.write(zip.subarray(at, at + slice));
        at += slice;
        if (at >= zip.length) {
          clearInterval(timer);
          res.end();
        }
      }, 150);
      res.on('close', () => clearInterval(timer));
      return;
    }
    return reply(404, JSON.stringify({ code: 404, message: 'Not found' }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, api: { base: `http://127.0.0.1:${port}/api/v1`, log } };
}

const test = base.extend<{ kaggle: FakeKaggle }>({
  kaggle: async ({}, use) => {
    const zip = new JSZip();
    zip.file('penguins.csv', readFileSync(resolve(__dirname, '../resources/samples/penguins.csv')));
    const { server, api } = await startFakeKaggle(
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
    );
    await use(api);
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  },
  // A host that knows no Kaggle token: none in its environment, an empty config folder, and the fake server as the API.
  hostEnv: async ({ kaggle }, use) => {
    const configDir = mkdtempSync(join(tmpdir(), 'automl-kaggle-'));
    const env: HostEnv = {
      KAGGLE_API_BASE: kaggle.base,
      KAGGLE_CONFIG_DIR: configDir,
      KAGGLE_USERNAME: undefined,
      KAGGLE_KEY: undefined,
    };
    await use(env);
    rmSync(configDir, { recursive: true, force: true });
  },
});

test('kaggle: token in the UI, search, download with progress, 344 penguins in the preview', async ({
  page,
  app,
  kaggle,
}) => {
  const w = new Wizard(page, app.shotsDir);
  await w.open(app.url);
  await w.setGoal('predict the species of penguins');
  await w.confirm('PARSE_INTENT');
  await w.waitForStatus('DATA_SOURCE', 'pending');

  const section = page.getByTestId('kaggle-section');
  await expect(section).toHaveAttribute('data-configured', 'false');
  await expect(section).toContainText('kaggle.com → Settings → API → Create New Token');
  await expect(page.getByTestId('kaggle-key')).toHaveAttribute('type', 'password');
  await expect(page.getByTestId('kaggle-save')).toBeDisabled();
  // A wrong key first: saving works (nothing is checked offline), the search says what to do.
  await page.getByTestId('kaggle-username').fill(USER);
  await page.getByTestId('kaggle-key').fill('not-the-key');
  await page.getByTestId('kaggle-save').click();
  await expect(section).toHaveAttribute('data-configured', 'true');
  await page.getByTestId('kaggle-query').fill('penguins');
  await page.getByTestId('kaggle-query').press('Enter');
  await expect(page.getByTestId('kaggle-error')).toHaveAttribute('data-code', 'kaggle-auth');
  await section.screenshot({ path: `${app.shotsDir}/00-kaggle-wrong-key.png` });

  await page.getByTestId('kaggle-change-token').click();
  await page.getByTestId('kaggle-username').fill(USER);
  await page.getByTestId('kaggle-key').fill(KEY);
  await section.screenshot({ path: `${app.shotsDir}/01-kaggle-token.png` });
  await page.getByTestId('kaggle-save').click();

  await expect(section).toHaveAttribute('data-configured', 'true');
  await expect(section).toContainText(`Signed in as ${USER}`);
  await expect(page.getByTestId('kaggle-error')).toHaveCount(0);
  await page.getByTestId('kaggle-query').press('Enter');
  const id = REF.replace('/', '__');
  const result = page.getByTestId(`kaggle-result-${id}`);
  await expect(result).toContainText('Palmer Archipelago penguins');
  await expect(result).toContainText(REF);
  await expect(result).toContainText('updated 2024-03-02');
  await expect(result).toContainText(/\d(\.\d)? KB/);
  await expect(page.getByTestId('kaggle-result-someone__house-prices')).toHaveCount(0);
  await w.shot('02-kaggle-results');

  await page.getByTestId(`kaggle-use-${id}`).click();
  const progress = page.getByTestId('kaggle-progress');
  await expect(progress).toContainText(`Downloading ${REF}:`);
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await w.shot('03-kaggle-downloading');

  await w.waitForStatus('DATA_SOURCE', 'waiting_confirmation');
  await expect(page.getByTestId('dataset-rows')).toHaveText('344 rows');
  await expect(page.getByTestId('kaggle-progress')).toHaveCount(0);
  await w.shot('04-kaggle-data');
  expect(kaggle.log).toContain(`GET /api/v1/datasets/download/${REF} 200`);
  expect(kaggle.log.filter((l) => l.endsWith(' 401'))).toEqual(['GET /api/v1/datasets/list 401']);
});
