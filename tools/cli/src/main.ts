#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes';
import { buildProgram } from './program';

async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
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

void main(process.argv).then((code) => {
  process.exitCode = code;
});
