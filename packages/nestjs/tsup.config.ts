import { packageBuild } from '../../tsup.shared.js';

// esbuild compiles the decorators (experimentalDecorators in tsconfig.json) but emits no
// decorator metadata: every constructor parameter in src names its token with @Inject.
export default packageBuild({ external: ['@nestjs/common', '@nestjs/core', 'rxjs', 'reflect-metadata'] });
