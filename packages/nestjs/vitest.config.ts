// Two projects: NestJS 11 (the package's devDependencies) runs every test file; NestJS 10 runs
// the scenario tables and the Nest specifics again, with `@nestjs/*` resolved from test/nest10,
// a package of its own so that NestJS 10's packages resolve one another (an npm: alias would
// hand @nestjs/core 10 the @nestjs/common 11 installed beside it).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { defineConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

const nest10 = createRequire(createRequire(import.meta.url).resolve('nest10/package.json'));
const NEST_PACKAGES = ['common', 'core', 'config', 'platform-express', 'platform-fastify'];
const timeouts = { testTimeout: shared.test!.testTimeout, hookTimeout: shared.test!.hookTimeout };

export default defineConfig({
  test: {
    reporters: shared.test!.reporters,
    projects: [
      { test: { name: 'nest 11', include: ['test/**/*.test.ts'], ...timeouts } },
      {
        resolve: {
          alias: NEST_PACKAGES.map((name) => ({
            find: new RegExp(`^@nestjs/${name}(/.*)?$`),
            replacement: `${dirname(nest10.resolve(`@nestjs/${name}/package.json`))}$1`,
          })),
        },
        test: {
          name: 'nest 10',
          include: ['test/conformance.test.ts', 'test/nest.test.ts', 'test/skip.test.ts'],
          ...timeouts,
        },
      },
    ],
  },
});
