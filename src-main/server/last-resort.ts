/**
 * The last line of defence: an error nothing else caught is logged and the server keeps serving.
 * Every socket and handler has its own handling; this is for what slips past them, so that one
 * bad input cannot end a sync in flight for everyone else.
 */
export function installLastResortHandlers(
  log: (message: string) => void,
  target: Pick<NodeJS.Process, 'on' | 'off'> = process,
): () => void {
  const describe = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));
  const onException = (err: unknown) => log(`Uncaught error (still serving): ${describe(err)}`);
  const onRejection = (reason: unknown) => log(`Unhandled rejection (still serving): ${describe(reason)}`);
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
