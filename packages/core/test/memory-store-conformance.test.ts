import { replayStoreConformance } from '../../testing/src/vitest.js';
import { MemoryReplayStore } from '../src/index.js';

replayStoreConformance('MemoryReplayStore', () => new MemoryReplayStore());
