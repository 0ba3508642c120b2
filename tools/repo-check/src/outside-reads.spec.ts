import { join } from 'node:path';
import { findOutsideReads } from './outside-reads';

const ROOT = '/repo';

function readsIn(path: string, text: string) {
  return findOutsideReads({ path: join(ROOT, path), text }, ROOT).map(({ line, reference }) => ({
    line,
    reference,
  }));
}

describe('findOutsideReads', () => {
  it('catches a test reading the transcripts from a folder beside the repository', () => {
    const spec = [
      "import { readFileSync } from 'node:fs';",
      "const text = readFileSync('../outside/fixtures/ami/startup_state.ami', 'utf8');",
    ].join('\n');
    expect(readsIn('libs/ami/src/replay.spec.ts', spec)).toEqual([
      { line: 2, reference: '../outside/fixtures/ami/startup_state.ami' },
    ]);
  });

  it('follows __dirname, process.cwd() and constants through join and resolve', () => {
    const source = [
      "import { join, resolve } from 'node:path';",
      "const root = resolve(__dirname, '../../..');",
      "const inRepo = join(root, 'fixtures/ami');",
      "const beside = resolve(root, '..');",
      "const outside = path.join(process.cwd(), '..', 'outside');",
      'const viaTemplate = `${root}/../outside/fixtures`;',
      "const tooDeep = resolve(__dirname, '../../../../outside');",
    ].join('\n');
    expect(readsIn('libs/ami/src/fixtures.ts', source).map((read) => read.line)).toEqual([4, 5, 6, 7]);
  });

  it('catches a climb whose base it cannot evaluate', () => {
    const source = "export const beside = (root: string) => resolve(root, '..', 'outside');";
    expect(readsIn('libs/ami/src/fixtures.ts', source)).toEqual([{ line: 1, reference: '..' }]);
  });

  it('catches absolute paths of the machine the file was written on', () => {
    const source = [
      "const fixtures = '/work/outside/fixtures/ami';",
      'const home = `/home/${user}/callcenter`;',
      "const chromium = '/usr/bin/chromium';",
      "router.navigate(['/home']);",
    ].join('\n');
    expect(readsIn('apps/back/test/e2e.spec.ts', source).map((read) => read.line)).toEqual([1, 2]);
  });

  it('resolves module specifiers against their own file', () => {
    const source = [
      "import { AppModule } from '../../src/app.module';",
      "const preset = require('../../jest.preset.js');",
      "jest.mock('../../../../../other-checkout/module');",
    ].join('\n');
    expect(readsIn('apps/back/test/support/test-app.ts', source)).toEqual([
      { line: 3, reference: '../../../../../other-checkout/module' },
    ]);
  });

  it('leaves URL paths, comparisons and in-repository climbs alone', () => {
    const source = [
      "const BASE = '/api/queue-status';",
      'const url = `${BASE}/sync/status`;',
      "const isParent = (segment: string) => segment === '..' || segment.startsWith('../');",
      "const root = resolve(__dirname, '../../../../..');",
    ].join('\n');
    expect(readsIn('apps/back/test/integration/foundation/x.integration-spec.ts', source)).toEqual([]);
  });

  it('reads shell scripts from the working directory and JSON configs from their own folder', () => {
    const script = [
      'cd "$(dirname "$0")/.."',
      'cp -r ../outside/fixtures/ami fixtures/',
      'ls /work/outside',
    ].join('\n');
    expect(readsIn('scripts/copy.sh', script)).toEqual([
      { line: 2, reference: '../outside/fixtures/ami' },
      { line: 3, reference: '/work/outside' },
    ]);
    expect(readsIn('libs/ami/tsconfig.json', '{ "extends": "../../tsconfig.base.json" }')).toEqual([]);
    expect(readsIn('libs/ami/tsconfig.json', '{ "extends": "../../../tsconfig.base.json" }')).toEqual([
      { line: 1, reference: '../../../tsconfig.base.json' },
    ]);
  });
});
