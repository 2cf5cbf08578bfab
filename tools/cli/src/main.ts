#!/usr/bin/env node
import { type Command, CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes';
import { buildProgram } from './program';
import { needsNewerNode, runUnderProvisionedNode } from './runtime/supported-node';

async function main(argv: string[]): Promise<number> {
  if (needsNewerNode(argv)) {
    try {
      return await runUnderProvisionedNode(argv);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      process.stderr.write(`tributary: ${error.message}\n`);
      return error.exitCode;
    }
  }
  const program = buildProgram();
  throwInsteadOfExit(program);
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`tributary: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `tributary: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.unexpected;
  }
}

/** Commander settings are not inherited by added subcommands: make every one throw, not exit. */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwInsteadOfExit(sub);
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
