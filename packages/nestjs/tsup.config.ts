import { packageBuild } from '../../tsup.shared.js';

// esbuild compiles the class decorators (experimentalDecorators in tsconfig.json) but emits no
// decorator metadata: src names its constructors' tokens with Inject(...) applied by hand.
export default packageBuild();
