/**
 * Module boundaries of the back end (docs/decisions.md, STYLE.md "Modules talk one way"): no folder of
 * apps/back/src imports a folder that imports it back, at any depth (features, and the parts inside a
 * feature such as domain/ or adapters/). Run by the `back` project's lint target.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'A folder imports a folder that imports it back. Upstream emits an AppEvents event or owns a port ' +
        'the downstream folder implements; see STYLE.md section 3.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^apps/back/src/' },
      to: { circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      from: { path: '^apps/back/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Boundaries are about running code: a spec may import across folders to build its fixtures.
    exclude: { path: ['(^|/)(node_modules|dist)/', '\\.spec\\.ts$'] },
    includeOnly: '^apps/back/src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
