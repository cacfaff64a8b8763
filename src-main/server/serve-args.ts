export interface ServeArgs {
  port: number;
  userDataDir?: string;
  /** Ask the running server for a fresh one-time sign-in URL instead of starting one. */
  newUrl: boolean;
  help: boolean;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const args: ServeArgs = { port: 0, newUrl: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error('--port takes a number from 0 to 65535');
      args.port = port;
    } else if (arg === '--user-data-dir') args.userDataDir = value();
    else if (arg === '--new-url') args.newUrl = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new Error(`Unknown option ${arg}. Try --help.`);
  }
  return args;
}
