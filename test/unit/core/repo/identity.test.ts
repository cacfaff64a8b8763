import { describe, expect, it } from 'vitest';
import { parseUserSection } from '../../../../src-main/core/repo/identity';

describe('parseUserSection', () => {
  it('reads name and email from [user], ignoring other sections and comments', () => {
    const text =
      '# global\n[core]\n\tname = not-me\n[user]\n\tname = "Ada Lovelace" ; inline\n\temail = ada@example.test # inline\n[alias]\n\tname = x\n';
    expect(parseUserSection(text)).toEqual({ name: 'Ada Lovelace', email: 'ada@example.test' });
  });
  it('lets later values win, and is case-insensitive on section and key names', () => {
    expect(parseUserSection('[User]\nName = A\n[user]\nname = B\nEMAIL = b@x\n')).toEqual({
      name: 'B',
      email: 'b@x',
    });
  });
  it('returns nothing for a config without [user]', () => {
    expect(parseUserSection('[core]\n\tbare = false\n')).toEqual({});
  });
});
