import { describe, expect, it } from 'vitest';
import {
  commandHint,
  commandSpecs,
  filterCommands,
  formatKeys,
  matchesKeys,
} from '../../../src-renderer/commands/registry';

const key = (
  k: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {},
) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('matchesKeys', () => {
  it('maps Mod to Ctrl off a Mac and to Cmd on one', () => {
    expect(matchesKeys(key('P', { ctrl: true, shift: true }), 'Mod+Shift+P', false)).toBe(true);
    expect(matchesKeys(key('P', { meta: true, shift: true }), 'Mod+Shift+P', false)).toBe(false);
    expect(matchesKeys(key('p', { meta: true, shift: true }), 'Mod+Shift+P', true)).toBe(true);
  });
  it('tells Ctrl+P from Ctrl+Shift+P', () => {
    expect(matchesKeys(key('p', { ctrl: true }), 'Mod+P', false)).toBe(true);
    expect(matchesKeys(key('P', { ctrl: true, shift: true }), 'Mod+P', false)).toBe(false);
  });
  it('matches function keys with and without Shift', () => {
    expect(matchesKeys(key('F6'), 'F6', false)).toBe(true);
    expect(matchesKeys(key('F6', { shift: true }), 'F6', false)).toBe(false);
    expect(matchesKeys(key('F6', { shift: true }), 'Shift+F6', false)).toBe(true);
  });
  it('matches a typed symbol whatever Shift the layout needed, never with Ctrl', () => {
    expect(matchesKeys(key('?', { shift: true }), '?', false)).toBe(true);
    expect(matchesKeys(key('?', { ctrl: true, shift: true }), '?', false)).toBe(false);
  });
});

describe('the registry', () => {
  it('gives every command a unique id and every shortcut to one command', () => {
    const ids = commandSpecs.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = commandSpecs.flatMap((c) => (c.keys ? [c.keys] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('writes shortcuts for people', () => {
    expect(formatKeys('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatKeys('Mod+Shift+P', true)).toBe('⌘⇧P');
    expect(commandHint('app.sync', false)).toBe('Sync (Ctrl+Shift+Y)');
  });
  it('filters by every typed word, in title or category', () => {
    expect(filterCommands(commandSpecs, 'sync').map((c) => c.id)).toContain('app.sync');
    expect(filterCommands(commandSpecs, 'go file').map((c) => c.id)).toEqual(['file.quickOpen']);
    expect(filterCommands(commandSpecs, 'zzz')).toEqual([]);
  });
});
