import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLastResortHandlers } from '../../../src-main/server/last-resort';

describe('last-resort handlers', () => {
  it('log an uncaught error or rejection instead of ending the process, until removed', () => {
    const target = new EventEmitter();
    const logged: string[] = [];
    const remove = installLastResortHandlers((m) => logged.push(m), target as never);
    target.emit('uncaughtException', new Error('read ECONNRESET'));
    target.emit('unhandledRejection', 'a reason');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain('read ECONNRESET');
    expect(logged[1]).toContain('a reason');
    remove();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });
});
