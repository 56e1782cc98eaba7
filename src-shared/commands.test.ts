import { describe, expect, it } from 'vitest';
import { acceleratorLabel, COMMAND_IDS, COMMANDS, matchesAccelerator, type KeyPress } from './commands';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('commands', () => {
  it('declares every command once, each shortcut once', () => {
    expect(COMMANDS.map((c) => c.id)).toEqual([...COMMAND_IDS]);
    const accelerators = COMMANDS.flatMap((c) => (c.accelerator ? [c.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('shows shortcuts the way each platform writes them', () => {
    expect(acceleratorLabel('CmdOrCtrl+Shift+O', false)).toBe('Ctrl+Shift+O');
    expect(acceleratorLabel('CmdOrCtrl+Shift+O', true)).toBe('⇧⌘O');
    expect(acceleratorLabel('CmdOrCtrl+1', true)).toBe('⌘1');
    expect(acceleratorLabel('?', false)).toBe('?');
  });

  it('matches key presses: Ctrl on Linux and Windows, Cmd on macOS, exact modifiers', () => {
    expect(matchesAccelerator(press('o', { ctrlKey: true }), 'CmdOrCtrl+O', false)).toBe(true);
    expect(matchesAccelerator(press('o', { metaKey: true }), 'CmdOrCtrl+O', true)).toBe(true);
    expect(matchesAccelerator(press('o', { ctrlKey: true }), 'CmdOrCtrl+O', true)).toBe(false);
    expect(matchesAccelerator(press('o'), 'CmdOrCtrl+O', false)).toBe(false);
    expect(matchesAccelerator(press('O', { ctrlKey: true, shiftKey: true }), 'CmdOrCtrl+O', false)).toBe(false);
    expect(matchesAccelerator(press('O', { ctrlKey: true, shiftKey: true }), 'CmdOrCtrl+Shift+O', false)).toBe(true);
    expect(matchesAccelerator(press('?', { shiftKey: true }), '?', false)).toBe(true);
    expect(matchesAccelerator(press('?', { ctrlKey: true, shiftKey: true }), '?', false)).toBe(false);
    expect(matchesAccelerator(press('1', { ctrlKey: true, altKey: true }), 'CmdOrCtrl+1', false)).toBe(false);
  });
});
