import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Unit specs run in `nx test` on every save: no sockets (those specs are *.integration-spec.ts, run by
// `nx run pbx-sim:integration`) and no wall-clock reads (the model runs on a SimClock; figures live in bench/).
const FORBIDDEN: [RegExp, string][] = [
  [/from 'node:net'|from 'ws'|from 'node:http'/, 'opens sockets'],
  [/PbxSimulator\.start|AmiTestClient\.connect|\.listen\(/, 'opens sockets'],
  [/Date\.now\(\)|performance\.now\(\)|process\.hrtime/, 'reads the wall clock'],
];

const specs = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? specs(join(dir, e.name))
      : e.name.endsWith('.spec.ts') && !e.name.endsWith('.integration-spec.ts')
        ? [join(dir, e.name)]
        : [],
  );

describe('unit specs of the simulator', () => {
  it('open no socket and read no wall clock', () => {
    const offenders = specs(__dirname)
      .filter((f) => f !== __filename)
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8');
        return FORBIDDEN.filter(([re]) => re.test(text)).map(([, why]) => `${relative(__dirname, f)} ${why}`);
      });
    expect(offenders).toEqual([]);
  });
});
