import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.angular', '**/coverage', '**/tmp'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:protocol', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:contracts'] },
            {
              sourceTag: 'scope:sim',
              onlyDependOnLibsWithTags: ['type:protocol', 'type:contracts', 'scope:sim'],
            },
            {
              sourceTag: 'scope:back',
              onlyDependOnLibsWithTags: ['type:protocol', 'type:contracts', 'scope:sim', 'type:client'],
            },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:contracts', 'type:client'] },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['type:contracts', 'scope:sim', 'type:client'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  prettier,
];
