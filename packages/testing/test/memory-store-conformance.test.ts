// The conformance suite against the reference store, core's MemoryReplayStore as users install it.
import { MemoryReplayStore } from '@fingerprint-guard/core';
import { replayStoreConformance } from '../src/vitest.js';

replayStoreConformance('MemoryReplayStore', () => new MemoryReplayStore());
