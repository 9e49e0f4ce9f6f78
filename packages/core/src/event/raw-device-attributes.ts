/** The raw browser and device attributes Fingerprint exposes (`raw_device_attributes`). */

/** Widths in CSS pixels of text in the canonical font families (FontPreferences.yaml). */
export interface FontPreferences {
  default?: number;
  serif?: number;
  sans?: number;
  mono?: number;
  apple?: number;
  min?: number;
  system?: number;
}

/** The bounding box of a rendered emoji, and the font that drew it (Emoji.yaml). */
export interface EmojiMetrics {
  font?: string;
  width?: number;
  height?: number;
  top?: number;
  bottom?: number;
  left?: number;
  right?: number;
  x?: number;
  y?: number;
}

/** Canvas fingerprint (Canvas.yaml): hashes of the rendered output, or an `unsupported` marker. */
export interface CanvasFingerprint {
  winding?: boolean;
  geometry?: string;
  text?: string;
}

/** Hashes of the WebGL context attributes and extensions (WebGlExtensions.yaml). */
export interface WebGlExtensions {
  context_attributes?: string;
  parameters?: string;
  shader_precisions?: string;
  extensions?: string;
  extension_parameters?: string;
  unsupported_extensions?: string[];
}

/** The WebGL context's version, vendor and renderer strings (WebGlBasics.yaml). */
export interface WebGlBasics {
  version?: string;
  vendor?: string;
  vendor_unmasked?: string;
  renderer?: string;
  renderer_unmasked?: string;
  shading_language_version?: string;
}

/** What touch input the browser reports (TouchSupport.yaml). */
export interface TouchSupport {
  touch_event?: boolean;
  touch_start?: boolean;
  max_touch_points?: number;
}

/** One entry of `navigator.plugins` (Plugins.yaml). */
export interface BrowserPlugin {
  name: string;
  description?: string;
  mimeTypes?: { type?: string; suffixes?: string; description?: string }[];
}

/**
 * RawDeviceAttributes.yaml, schema 3.7.0: every attribute is optional. Most are web only; the
 * notes say where mobile SDKs send one too.
 */
export interface RawDeviceAttributes {
  font_preferences?: FontPreferences;
  emoji?: EmojiMetrics;
  fonts?: string[];
  /** Gigabytes of RAM, rounded (integer). Web, Android and iOS. */
  device_memory?: number;
  /** IANA timezone name, e.g. `America/Sao_Paulo`. */
  timezone?: string;
  canvas?: CanvasFingerprint;
  /** Language preferences, one ordered list per API that reports them. Web, Android and iOS. */
  languages?: string[][];
  webgl_extensions?: WebGlExtensions;
  webgl_basics?: WebGlBasics;
  /** Web and iOS. */
  screen_resolution?: number[];
  touch_support?: TouchSupport;
  /** `navigator.oscpu`. */
  oscpu?: string;
  /** Integer. */
  architecture?: number;
  cookies_enabled?: boolean;
  /** Logical CPU cores (integer); iOS reports it too. */
  hardware_concurrency?: number;
  /** The `Intl.DateTimeFormat` locale; `-1`, `-2` or `-3` (as strings) when it cannot be read. */
  date_time_locale?: string;
  /** `navigator.vendor`. */
  vendor?: string;
  /** Bits (integer). */
  color_depth?: number;
  /** `navigator.platform`. */
  platform?: string;
  session_storage?: boolean;
  local_storage?: boolean;
  /** Audio fingerprint; `-1`, `-2` or `-3` when the browser cannot give one. */
  audio?: number;
  plugins?: BrowserPlugin[];
  indexed_db?: boolean;
  /** Hash of the Math API results. */
  math?: string;
  /** Android and iOS only. */
  device_model?: string;
  /** Android and iOS only. */
  device_manufacturer?: string;
  /** Hash identifying the installed fonts. */
  font_hash?: string;
  /**
   * UTC offset of the detected IANA timezone, as text in `±HH:MM` form, e.g. `+02:00` or
   * `-05:30`. A string, not a number of minutes (TimezoneOffset.yaml).
   */
  timezone_offset?: string;
  /** Percent, 0 to 100 (integer). Android, iOS, and Chromium-based browsers. */
  battery_level?: number;
  /** Chromium-based browsers only. */
  battery_charging?: boolean;
  /** Android and iOS only. */
  battery_low_power_mode?: boolean;
  /** Hash identifying the keyboard layout. */
  keyboard_layout_hash?: string;
  /** BCP 47-style name of the keyboard layout, e.g. `de-DE`; Chromium-based browsers only. */
  keyboard_layout_name?: string;
}
