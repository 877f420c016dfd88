// The layers of src/ (ARCHITECTURE.md draws them), bottom first. A folder may
// import from its own layer's folders' files only within itself, and from any
// layer below; never from a layer above. `npm run deps` checks it.
/** @type {string[][]} */
const LAYERS = [
  ['wire', 'errors'],
  ['topology'],
  ['events'],
  ['tables'],
  ['sim'],
  ['devices'],
  ['net'],
  ['state', 'stats'],
  ['store'],
  ['export', 'compare', 'draw'],
  ['pipeline'],
  ['shell', 'stepper'],
  ['view', 'page'],
  ['api'],
  ['cli'],
  ['bench'],
];

/**
 * Imports allowed against the layers, each with its reason. Type-only
 * imports count like any other: none is needed today.
 * @type {{ from: string, to: string, why: string }[]}
 */
const EXCEPTIONS = [];

const folder = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  const rules = layer.map((name) => ({
    name: `layer-${name}`,
    comment: `${name}/ is below ${above.join(', ') || 'nothing'}: it may not import them (ARCHITECTURE.md)`,
    severity: 'error',
    from: { path: `^src/${name}/` },
    to: { path: folder([...above, ...layer.filter((other) => other !== name)]) },
  }));
  return above.length === 0 && layer.length === 1 ? [] : rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle of imports, between folders or between files of one folder (the host stack once was one)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'wire-imports-nothing',
      comment: 'wire/ is pure codecs: bytes in, values out; it imports no other folder of hoplab',
      severity: 'error',
      from: { path: '^src/wire/' },
      to: { path: '^src/', pathNot: '^src/wire/' },
    },
    {
      name: 'devices-never-record',
      comment: 'a device never knows who listens: not the store, the export or the pipeline (STYLE rule 6)',
      severity: 'error',
      from: { path: '^src/devices/' },
      to: { path: '^src/(store|export|pipeline)/' },
    },
    {
      name: 'library-never-cli',
      comment: 'the library API is what the CLI calls, never the other way round',
      severity: 'error',
      from: { path: '^src/(index\\.ts|api/)' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'page-runs-in-the-browser',
      comment:
        "the page is bundled for the browser: of hoplab it runs only draw/'s pure palette and curve; everything else it asks the server (ARCHITECTURE.md)",
      severity: 'error',
      from: { path: '^src/page/' },
      to: { path: '^src/', pathNot: '^src/(page/|draw/(palette|curve)\\.ts$)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'page-types-from-draw',
      comment: 'the page may name the types of what the server sends (the drawing), from draw/ only',
      severity: 'error',
      from: { path: '^src/page/' },
      to: { path: '^src/', pathNot: '^src/(page|draw)/', dependencyTypes: ['type-only'] },
    },
    {
      name: 'src-never-test',
      comment: 'shipped code never imports the tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    ...layerRules.map((rule) => ({
      ...rule,
      to: { ...rule.to, pathNot: EXCEPTIONS.filter((e) => new RegExp(rule.from.path).test(e.from)).map((e) => e.to) },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
