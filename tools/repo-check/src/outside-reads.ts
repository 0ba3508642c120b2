import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** A file of the repository: its absolute path and its text. */
export interface RepositoryFile {
  readonly path: string;
  readonly text: string;
}

/** A reference in `file` (relative to the root) that leads out of the repository. */
export interface OutsideRead {
  readonly file: string;
  readonly line: number;
  readonly reference: string;
  readonly reason: string;
}

// Top-level folders that hold checkouts, homes and mounts of the machine a file was written on
// (`/work/elsewhere/...`, `/home/me/...`): a path under them works on that machine only.
const MACHINE_LOCAL_TOP_FOLDERS = ['work', 'home', 'Users', 'root', 'mnt'];

const SCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

// Calls whose first argument names a module relative to the calling file.
const MODULE_LOADERS = new Set(['require', 'require.resolve', 'import', 'jest.mock', 'jest.requireActual']);

// node:path functions we evaluate; their other arguments are plain strings.
const PATH_FUNCTIONS = new Set(['join', 'resolve', 'dirname']);

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

// `/work/elsewhere`, `/home/me`: a folder inside one of them. A bare `/home` is more likely a URL path.
// `continued`: the text is the head of a template, so `/home/${user}` goes on after it.
function isMachineLocal(text: string, continued = false): boolean {
  if (!text.startsWith('/')) {
    return false;
  }
  const [, top, inside] = text.split('/');
  const goesInside = (inside ?? '') !== '' || (continued && inside !== undefined);
  return MACHINE_LOCAL_TOP_FOLDERS.includes(top) && goesInside;
}

function climbs(text: string): boolean {
  return text.split(/[\\/]/).includes('..');
}

/** True for files whose relative paths are relative to the file (configs), not to the working directory. */
function pathsRelativeToFile(path: string): boolean {
  return extname(path) === '.json';
}

/**
 * Every place in `file` that reads (or points a tool at) something outside `root`: relative paths that
 * climb above it, `join`/`resolve` results that land outside it, and absolute paths of one machine.
 * Static and conservative: what cannot be evaluated is judged by its literal text alone.
 */
export function findOutsideReads(file: RepositoryFile, root: string): OutsideRead[] {
  const found = SCRIPT_EXTENSIONS.has(extname(file.path))
    ? scanScript(file, root)
    : scanText(file, root, pathsRelativeToFile(file.path) ? dirname(file.path) : root);
  const seen = new Set<string>();
  return found.filter((read) => {
    const key = `${read.line}:${read.reference}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

// Shell scripts, CI files, Dockerfiles, compose and JSON configs: path-like tokens only.
function scanText(file: RepositoryFile, root: string, base: string): OutsideRead[] {
  const reads: OutsideRead[] = [];
  const relativeToken = /(?<![\w.$@)}\]/\\-])\.\.(?=[/"'`\s;,)]|$)[^\s"'`;,)}\]]*/g;
  const absoluteToken = /(?<![\w.:/~$-])\/[A-Za-z]+(?:\/[^\s"'`;,)}\]]*)?/g;
  file.text.split('\n').forEach((lineText, index) => {
    for (const match of lineText.matchAll(relativeToken)) {
      const target = resolve(base, match[0]);
      if (!isInside(root, target)) {
        reads.push(outside(file, root, index + 1, match[0], `resolves to ${target}`));
      }
    }
    for (const match of lineText.matchAll(absoluteToken)) {
      if (isMachineLocal(match[0])) {
        reads.push(outside(file, root, index + 1, match[0], 'absolute path of one machine'));
      }
    }
  });
  return reads;
}

function outside(file: RepositoryFile, root: string, line: number, reference: string, reason: string) {
  return { file: relative(root, file.path), line, reference, reason };
}

function scanScript(file: RepositoryFile, root: string): OutsideRead[] {
  const source = ts.createSourceFile(
    file.path,
    file.text,
    ts.ScriptTarget.Latest,
    true,
    scriptKind(file.path),
  );
  const evaluator = new PathEvaluator(file.path, root, constantsOf(source));
  const reads: OutsideRead[] = [];
  const report = (node: ts.Node, reference: string, reason: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    reads.push(outside(file, root, line + 1, reference, reason));
  };

  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) {
      checkLiteral(node);
      return;
    }
    if (ts.isTemplateExpression(node) || ts.isCallExpression(node) || ts.isBinaryExpression(node)) {
      const value = evaluator.isPathExpression(node) ? evaluator.evaluate(node) : undefined;
      if (value !== undefined) {
        checkLiterals(node);
        // Strings built by concatenation are often URLs (`/api/...`): only a climb makes them a path.
        const isPath = ts.isCallExpression(node) || climbs(value);
        const target = resolve(root, value);
        if (isPath && !isInside(root, target)) {
          report(node, node.getText(source), `resolves to ${target}`);
        }
        return;
      }
      if (ts.isTemplateExpression(node) && node.head.text.startsWith('../')) {
        report(node, node.getText(source), 'climbs above the working directory');
      }
      if (ts.isTemplateExpression(node) && isMachineLocal(node.head.text, true)) {
        report(node, node.getText(source), 'absolute path of one machine');
      }
    }
    ts.forEachChild(node, visit);
  };

  // Literals folded into an evaluated path: only "one machine" absolute paths are left to catch.
  const checkLiterals = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) && isMachineLocal(node.text)) {
      report(node, node.text, 'absolute path of one machine');
    }
    ts.forEachChild(node, checkLiterals);
  };

  const checkLiteral = (literal: ts.StringLiteralLike): void => {
    const text = literal.text;
    if (isMachineLocal(text)) {
      report(literal, text, 'absolute path of one machine');
      return;
    }
    // A lone '..' (or '../') is a path only where a path function takes it (`resolve(dir, '..')`), not in `x === '..'`.
    const isPathArgument = ts.isCallExpression(literal.parent) && evaluator.isPathExpression(literal.parent);
    if (!climbs(text) || /\s/.test(text) || (text.replace(/[\\/]+$/, '') === '..' && !isPathArgument)) {
      return;
    }
    // A module specifier is relative to its file; any other path to the working directory, the root.
    const base = isModuleSpecifier(literal) ? dirname(file.path) : root;
    const target = resolve(base, text);
    if (!isInside(root, target)) {
      report(literal, text, `resolves to ${target}`);
    }
  };

  visit(source);
  return reads;
}

function scriptKind(path: string): ts.ScriptKind {
  return ['.js', '.mjs', '.cjs'].includes(extname(path)) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.ImportKeyword) {
    return 'import';
  }
  if (ts.isIdentifier(callee)) {
    return callee.text;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    return `${callee.expression.text}.${callee.name.text}`;
  }
  return '';
}

function isModuleSpecifier(literal: ts.StringLiteralLike): boolean {
  const parent = literal.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) {
    return parent.moduleSpecifier === literal;
  }
  if (ts.isExternalModuleReference(parent) || ts.isLiteralTypeNode(parent)) {
    return true;
  }
  return (
    ts.isCallExpression(parent) && parent.arguments[0] === literal && MODULE_LOADERS.has(calleeName(parent))
  );
}

/** `const name = <expression>` at any depth: the bindings a path expression may name. */
function constantsOf(source: ts.SourceFile): Map<string, ts.Expression> {
  const constants = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isVariableDeclarationList(node.parent) &&
      (node.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      constants.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return constants;
}

/** Folds the path expressions scripts build (`resolve(__dirname, '../..')`, `${root}/x`) into strings. */
class PathEvaluator {
  constructor(
    private readonly file: string,
    private readonly root: string,
    private readonly constants: Map<string, ts.Expression>,
  ) {}

  isPathExpression(node: ts.Node): boolean {
    if (ts.isCallExpression(node)) {
      return PATH_FUNCTIONS.has(this.pathFunction(node) ?? '');
    }
    return ts.isTemplateExpression(node) || ts.isBinaryExpression(node);
  }

  evaluate(node: ts.Expression, depth = 0): string | undefined {
    if (depth > 20) {
      return undefined;
    }
    const next = (inner: ts.Expression) => this.evaluate(inner, depth + 1);
    if (ts.isStringLiteralLike(node)) {
      return node.text;
    }
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) {
      return next(node.expression);
    }
    if (ts.isIdentifier(node)) {
      if (node.text === '__dirname') return dirname(this.file);
      if (node.text === '__filename') return this.file;
      const bound = this.constants.get(node.text);
      return bound === undefined ? undefined : next(bound);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression)) {
      if (node.name.text === 'dirname') return dirname(this.file);
      if (node.name.text === 'filename') return this.file;
      return undefined;
    }
    if (ts.isTemplateExpression(node)) {
      let text = node.head.text;
      for (const span of node.templateSpans) {
        const value = next(span.expression);
        if (value === undefined) return undefined;
        text += value + span.literal.text;
      }
      return text;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = next(node.left);
      const right = next(node.right);
      return left === undefined || right === undefined ? undefined : left + right;
    }
    if (ts.isCallExpression(node)) {
      return this.evaluateCall(node, next);
    }
    return undefined;
  }

  private evaluateCall(
    call: ts.CallExpression,
    next: (inner: ts.Expression) => string | undefined,
  ): string | undefined {
    const name = calleeName(call);
    // Scripts and tests run from the root (npm scripts, Nx, `cd "$(dirname "$0")/.."`).
    if (name === 'process.cwd') return this.root;
    const fn = this.pathFunction(call);
    if (fn === undefined) return undefined;
    const args = call.arguments.map(next);
    if (args.some((arg) => arg === undefined)) return undefined;
    const strings = args as string[];
    if (fn === 'join') return join(...strings);
    if (fn === 'resolve') return resolve(this.root, ...strings);
    return strings.length === 1 ? dirname(strings[0]) : undefined;
  }

  private pathFunction(call: ts.CallExpression): string | undefined {
    const name = calleeName(call);
    const fn = name.includes('.') ? name.split('.')[1] : name;
    const owner = name.includes('.') ? name.split('.')[0] : 'path';
    return ['path', 'posix', 'nodePath'].includes(owner) && PATH_FUNCTIONS.has(fn) ? fn : undefined;
  }
}

/** Files worth reading: sources, configs and scripts the project runs. */
export function isCheckedFile(path: string): boolean {
  const name = basename(path);
  return (
    SCRIPT_EXTENSIONS.has(extname(path)) ||
    ['.json', '.sh', '.yml', '.yaml'].includes(extname(path)) ||
    name === 'Dockerfile' ||
    name.endsWith('.env.example') ||
    path.split(sep).includes('.ci')
  );
}
