/** The raw browser and device attributes Fingerprint exposes (`raw_device_attributes`). */

export interface RawDeviceAttributes {
  font_preferences?: Partial<Record<'default' | 'serif' | 'sans' | 'mono' | 'apple' | 'min' | 'system', number>>;
  emoji?: {
    font?: string;
    width?: number;
    height?: number;
    top?: number;
    bottom?: number;
    left?: number;
    right?: number;
    x?: number;
    y?: number;
  };
  fonts?: string[];
  device_memory?: number;
  timezone?: string;
  canvas?: { winding?: boolean; geometry?: string; text?: string };
  languages?: string[][];
  webgl_extensions?: {
    context_attributes?: string;
    parameters?: string;
    shader_precisions?: string;
    extensions?: string;
    extension_parameters?: string;
    unsupported_extensions?: string[];
  };
  webgl_basics?: {
    version?: string;
    vendor?: string;
    vendor_unmasked?: string;
    renderer?: string;
    renderer_unmasked?: string;
    shading_language_version?: string;
  };
  screen_resolution?: number[];
  touch_support?: { touch_event?: boolean; touch_start?: boolean; max_touch_points?: number };
  oscpu?: string;
  architecture?: number;
  cookies_enabled?: boolean;
  hardware_concurrency?: number;
  date_time_locale?: string;
  vendor?: string;
  color_depth?: number;
  platform?: string;
  session_storage?: boolean;
  local_storage?: boolean;
  audio?: number;
  plugins?: { name: string; description?: string; mimeTypes?: { type?: string; suffixes?: string; description?: string }[] }[];
  indexed_db?: boolean;
  math?: string;
  device_model?: string;
  device_manufacturer?: string;
  font_hash?: string;
  timezone_offset?: number;
  battery_level?: number;
  battery_charging?: boolean;
  battery_low_power_mode?: boolean;
  keyboard_layout_hash?: string;
  keyboard_layout_name?: string;
}
