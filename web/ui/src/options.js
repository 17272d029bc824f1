// Embedding options (custom element attributes, embed.html's query): which controls to show,
// what to hide, what to lock. Values are data: unknown names become notices, never markup.
import { getField, presetNames } from '../../src/common.js';
import { SINGLE } from './panels/names.js';

/** Parts of the page `hide` and `panels` can name: every panel the page builds, and the event log. */
export const PANELS = [...SINGLE, 'events'];
export const PARTS = ['controls', 'header', 'lessons', 'compare', 'share', 'theme', 'run', 'stats', 'lesson', 'notices', 'experiments'];
const GROUPS = ['data', 'network', 'init', 'optimizer'];
/**
 * An element at most this tall (the `height` attribute, CSS px) gets the compact layout: a slim
 * header, the controls beside the panels, and the panels it was asked for first.
 */
export const COMPACT_HEIGHT = 640;
/** The page's modes (the `mode` attribute): one run, or experiments of many runs. */
export const MODES = ['playground', 'experiments'];

const list = (text) => String(text ?? '').split(',').map((s) => s.trim()).filter(Boolean).slice(0, 100);
const clip = (s) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/**
 * Reads the options. `attr(name)` returns the attribute's text or null when absent.
 * Returns {preset, show, hide, panels, locked, lockPreset, height, compact, theme, mode, autoplay, config,
 * exercise, warnings}; `exercise` is the attribute's text (inline JSON or a URL, read by
 * exercise/load.js) or null; `panels` the panels asked for, in order (null: all), every other
 * panel is in `hide`.
 */
export function readOptions(attr) {
  const warnings = [];
  const warn = (field, value, message) => warnings.push({ field, value: clip(String(value)), message });
  const out = { preset: '', show: null, hide: new Set(), locked: new Set(), lockPreset: false, height: null, compact: false, panels: null, theme: null, mode: null, autoplay: false, config: attr('config') ?? '', exercise: attr('exercise'), warnings };

  const preset = attr('preset');
  if (preset !== null && preset !== '') {
    if (presetNames.includes(preset)) out.preset = preset;
    else warn('preset', preset, `preset: "${clip(preset)}" is not a lesson (${presetNames.join(', ')}); showing free play`);
  }
  const controls = attr('controls');
  if (controls !== null) {
    out.show = new Set();
    for (const name of list(controls)) {
      if (getField(name) || GROUPS.includes(name)) out.show.add(name);
      else warn('controls', name, `controls: "${clip(name)}" is not a setting; ignored`);
    }
  }
  for (const name of list(attr('hide'))) {
    if (PANELS.includes(name) || PARTS.includes(name)) out.hide.add(name);
    else warn('hide', name, `hide: "${clip(name)}" is not a panel or part (${[...PANELS, ...PARTS].join(', ')}); ignored`);
  }
  const panels = attr('panels');
  if (panels !== null) {
    out.panels = [];
    for (const name of list(panels)) {
      if (PANELS.includes(name)) out.panels.push(name);
      else warn('panels', name, `panels: "${clip(name)}" is not a panel (${PANELS.join(', ')}); ignored`);
    }
    // only the panels asked for (when none of them is a panel, all of them, as without the attribute)
    if (!out.panels.length) out.panels = null;
    else for (const p of PANELS) if (!out.panels.includes(p)) out.hide.add(p);
  }
  const lock = attr('lock');
  if (lock !== null) {
    const names = list(lock);
    if (names.length === 0 || names.includes('preset')) out.lockPreset = true;
    for (const name of names) {
      if (name === 'preset') continue;
      if (getField(name)) out.locked.add(name);
      else warn('lock', name, `lock: "${clip(name)}" is not a setting; ignored`);
    }
  }
  const height = attr('height');
  if (height !== null && height !== '') {
    const m = /^(\d{2,4})(px)?$/.exec(height.trim());
    if (m && Number(m[1]) >= 200 && Number(m[1]) <= 5000) {
      out.height = Number(m[1]);
      out.compact = out.height <= COMPACT_HEIGHT;
    }
    else warn('height', height, `height: "${clip(height)}" is not a height in pixels (200 to 5000); ignored`);
  }
  const theme = attr('theme');
  if (theme !== null && theme !== '') {
    if (['auto', 'light', 'dark'].includes(theme)) out.theme = theme;
    else warn('theme', theme, `theme: "${clip(theme)}" is not auto, light or dark; ignored`);
  }
  const mode = attr('mode');
  if (mode !== null && mode !== '') {
    if (MODES.includes(mode)) out.mode = mode;
    else warn('mode', mode, `mode: "${clip(mode)}" is not ${MODES.join(' or ')}; showing the playground`);
  }
  const autoplay = attr('autoplay');
  out.autoplay = autoplay !== null && autoplay !== 'false';
  return out;
}

/**
 * The settings the learner may not change: those `lock` names, and with a locked lesson every
 * setting except those `controls` shows (by name or group).
 */
export function lockedFields({ locked, lockPreset, show }, config) {
  const out = new Set(locked);
  if (lockPreset) for (const f of Object.keys(config)) if (!show || !(show.has(f) || show.has(getField(f)?.group))) out.add(f);
  return out;
}
