// Every export of every published package, read from its built declarations, against the checked-in
// report in api/: a change to the public surface is a visible diff in review, never an accident.
// After an intended change: `pnpm --filter @fingerprint-guard/docs-check test -u`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

/** Published entry points; an adapter's report lists what it adds besides `export * from core`. */
const ENTRY_POINTS = [
  '@fingerprint-guard/core',
  '@fingerprint-guard/core/adapter',
  '@fingerprint-guard/cloudflare',
  '@fingerprint-guard/express',
  '@fingerprint-guard/fastify',
  '@fingerprint-guard/hono',
  '@fingerprint-guard/koa',
  '@fingerprint-guard/next',
  '@fingerprint-guard/nestjs',
  '@fingerprint-guard/postgres',
  '@fingerprint-guard/redis',
  '@fingerprint-guard/upstash',
  '@fingerprint-guard/testing',
  '@fingerprint-guard/testing/vitest',
  '@fingerprint-guard/testing/telemetry',
];

/** The declaration file an ESM import of `specifier` resolves to. */
function declarationsOf(specifier: string): string {
  const [scope, name, ...subpath] = specifier.split('/');
  const root = dirname(require.resolve(`${scope}/${name}/package.json`));
  const manifest = require(`${scope}/${name}/package.json`) as {
    exports: Record<string, { import: { types: string } }>;
  };
  return join(root, manifest.exports[subpath.length ? `./${subpath.join('/')}` : '.']!.import.types);
}

function kindOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const flags = target.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Variable) return 'const';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  return 'other';
}

/** True when the export is core's own (re-exported), not a same-named one of the adapter's. */
function fromCore(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const files = (target.declarations ?? []).map((declaration) => declaration.getSourceFile().fileName);
  return files.length > 0 && files.every((file) => /[\\/]core[\\/]dist[\\/]/.test(file));
}

/** `kind name` per export, sorted; for a function, its signature as the compiler prints it. */
function report(specifier: string, core: ReadonlySet<string>): string {
  const file = declarationsOf(specifier);
  const program = ts.createProgram([file], {
    strict: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker
    .getExportsOfModule(module)
    .filter((symbol) => specifier === '@fingerprint-guard/core' || !core.has(symbol.name) || !fromCore(symbol, checker))
    .map((symbol) => {
      const kind = kindOf(symbol, checker);
      if (kind !== 'function') return `${kind} ${symbol.name}`;
      const type = checker.getTypeOfSymbol(
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol,
      );
      const signatures = type
        .getCallSignatures()
        .map((signature) => checker.signatureToString(signature, undefined, ts.TypeFormatFlags.NoTruncation));
      return signatures.map((signature) => `function ${symbol.name}${signature}`).join('\n');
    })
    .sort()
    .join('\n');
}

describe('the public API of every package', () => {
  const coreNames = new Set(
    report('@fingerprint-guard/core', new Set())
      .split('\n')
      .map((line) => line.split(/[ (<]/)[1]!),
  );
  it.each(ENTRY_POINTS)('%s matches api/', async (specifier) => {
    const text = `# ${specifier}${specifier === '@fingerprint-guard/core' ? '' : ' (besides what it re-exports from @fingerprint-guard/core)'}\n${report(specifier, coreNames)}\n`;
    await expect(text).toMatchFileSnapshot(
      `../api/${specifier.replace('@fingerprint-guard/', '').replace('/', '-')}.api.txt`,
    );
  });
});
