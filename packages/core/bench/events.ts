// Realistic events of the two sizes the benchmark measures: ~2 KB (a typical web event) and
// ~20 KB (the same with raw device attributes, as an account with that option receives).
import { randomBytes } from 'node:crypto';
import { createEvent } from '@fingerprint-guard/testing';
import type { FingerprintEvent } from '../src/index.js';

const FONTS = [
  'Arial',
  'Arial Black',
  'Arial Narrow',
  'Calibri',
  'Cambria',
  'Cambria Math',
  'Comic Sans MS',
  'Consolas',
  'Courier',
  'Courier New',
  'Georgia',
  'Helvetica',
  'Impact',
  'Lucida Console',
  'Lucida Sans Unicode',
  'Microsoft Sans Serif',
  'MS Gothic',
  'MS PGothic',
  'MS Sans Serif',
  'MS Serif',
  'Palatino Linotype',
  'Segoe Print',
  'Segoe Script',
  'Segoe UI',
  'Segoe UI Light',
  'Segoe UI Semibold',
  'Segoe UI Symbol',
  'Tahoma',
  'Times',
  'Times New Roman',
  'Trebuchet MS',
  'Verdana',
  'Wingdings',
  'Wingdings 2',
  'Wingdings 3',
];

export function smallEvent(): FingerprintEvent {
  return createEvent({ linked_id: 'account-8c1f2e', tags: { route: 'login', cart: 'c-41' } });
}

export function largeEvent(): FingerprintEvent {
  const extensions = Array.from({ length: 40 }, (_, i) => `WEBGL_extension_${i}_${'x'.repeat(12)}`).join(';');
  const parameters = Array.from({ length: 120 }, (_, i) => `PARAM_${i}=${(i * 7919) % 65536}`).join(';');
  return createEvent({
    linked_id: 'account-8c1f2e',
    tags: { route: 'checkout' },
    labels: [{ label: 'returning_customer', prediction: true, ml_score: 0.93 }],
    raw_device_attributes: {
      fonts: FONTS,
      font_preferences: {
        default: 149.3,
        apple: 149.3,
        serif: 149.3,
        sans: 144.0,
        mono: 121.0,
        min: 9.2,
        system: 147.2,
      },
      emoji: { font: 'Segoe UI Emoji', width: 234, height: 24, top: 0, bottom: 24, left: 8, right: 242, x: 8, y: 0 },
      canvas: {
        winding: true,
        geometry: `data:image/png;base64,${randomBytes(7000).toString('base64')}`,
        text: `${'4b3e'.repeat(40)}`,
      },
      webgl_extensions: {
        context_attributes:
          'alpha=true;antialias=true;depth=true;desynchronized=false;failIfMajorPerformanceCaveat=false',
        parameters,
        shader_precisions: Array.from({ length: 24 }, () => '23,127,127').join(';'),
        extensions,
        extension_parameters: parameters.slice(0, 1500),
        unsupported_extensions: [],
      },
      webgl_basics: {
        version: 'WebGL 1.0 (OpenGL ES 2.0 Chromium)',
        vendor: 'WebKit',
        vendor_unmasked: 'Google Inc. (Intel)',
        renderer: 'WebKit WebGL',
        renderer_unmasked: 'ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)',
        shading_language_version: 'WebGL GLSL ES 1.0 (OpenGL ES GLSL ES 1.0 Chromium)',
      },
      languages: [['en-US'], ['en-US', 'en', 'cs']],
      screen_resolution: [1920, 1080],
      touch_support: { touch_event: false, touch_start: false, max_touch_points: 0 },
      hardware_concurrency: 8,
      device_memory: 8,
      color_depth: 24,
      timezone: 'Europe/Prague',
      platform: 'Win32',
      plugins: Array.from({ length: 5 }, (_, i) => ({
        name: `PDF Viewer ${i}`,
        description: 'Portable Document Format',
        mimeTypes: [{ type: 'application/pdf', suffixes: 'pdf', description: 'Portable Document Format' }],
      })),
      math: 'e1c8a3f4b2',
      audio: 124.04347527516074,
      font_hash: '7d1c2c4e9e0b51c1',
    },
  });
}
