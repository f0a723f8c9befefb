/**
 * @fileoverview The `numjitc` command line, for debugging the compiler.
 *
 * In: arguments such as `tokens FILE`, `ast FILE`, `serve`.
 * Out: text on stdout, and an exit status (0 ok, 1 user error, 2 usage).
 * Each command is one entry of the COMMANDS registry.
 */

type Command = { usage: string; run(args: string[]): number };

const COMMANDS: Map<string, Command> = new Map([
  ["version", { usage: "version", run: () => { console.log("numjitc 0.1.0"); return 0; } }],
]);

/** Registers a CLI command; phases add theirs from their own modules. */
export function registerCommand(name: string, cmd: Command): void {
  COMMANDS.set(name, cmd);
}

export function runCli(argv: string[]): number {
  const [name, ...rest] = argv;
  const cmd = name === undefined ? undefined : COMMANDS.get(name);
  if (cmd === undefined) {
    const lines = [...COMMANDS.values()].map((c) => `  numjitc ${c.usage}`);
    process.stderr.write(`usage:\n${lines.join("\n")}\n`);
    return 2;
  }
  return cmd.run(rest);
}
