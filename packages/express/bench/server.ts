// One benchmark server, in its own process: the variant of bench/app.ts named by argv[2]. Prints its port.
import { serveBench } from '@fingerprint-guard/bench-harness/serve';
import { createBenchServer } from './app.js';

await serveBench(createBenchServer);
