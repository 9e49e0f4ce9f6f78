// Stands for the reader's own store module in the replay-store snippets.
import type { ReplayStore } from '@fingerprint-guard/core';

export declare function createMyStore(): ReplayStore;
