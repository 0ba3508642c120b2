import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findOutsideReadsInRepository } from './repository-scan';

function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`nx.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

// The checker's own specs spell out the paths it must catch.
const EXAMPLES_OF_WHAT_IS_CAUGHT = [
  'tools/repo-check/src/outside-reads.spec.ts',
  'tools/repo-check/src/repository-stands-alone.spec.ts',
];

describe('the repository stands alone', () => {
  it('has no test, source, script or config that reads outside the repository root', () => {
    expect(findOutsideReadsInRepository(workspaceRoot(), EXAMPLES_OF_WHAT_IS_CAUGHT)).toEqual([]);
  });

  describe('on a repository whose test points outside it', () => {
    let root: string;

    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'repo-check-'));
      writeFileSync(join(root, 'nx.json'), '{}');
      mkdirSync(join(root, 'libs/ami/src'), { recursive: true });
      writeFileSync(
        join(root, 'libs/ami/src/transcripts.spec.ts'),
        [
          "import { readFileSync } from 'node:fs';",
          "import { join } from 'node:path';",
          "const FIXTURES = '../outside/fixtures/ami';",
          "it('reads a transcript', () => readFileSync(join(FIXTURES, 'startup_state.ami')));",
        ].join('\n'),
      );
      // Build output and installed packages are not the project's files.
      mkdirSync(join(root, 'node_modules/pkg'), { recursive: true });
      writeFileSync(join(root, 'node_modules/pkg/index.js'), "require('../../../elsewhere');");
    });

    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('fails, naming the file, each line and the path', () => {
      expect(findOutsideReadsInRepository(root)).toEqual([
        expect.objectContaining({
          file: 'libs/ami/src/transcripts.spec.ts',
          line: 3,
          reference: '../outside/fixtures/ami',
        }),
        expect.objectContaining({
          file: 'libs/ami/src/transcripts.spec.ts',
          line: 4,
          reason: `resolves to ${join(dirname(root), 'outside/fixtures/ami/startup_state.ami')}`,
        }),
      ]);
    });
  });
});
