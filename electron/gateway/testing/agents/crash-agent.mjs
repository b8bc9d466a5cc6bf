#!/usr/bin/env node
// A command agent that fails: a line of output, an error on stderr, exit code 3.
process.stdout.write('about to fail\n');
process.stderr.write('fatal: could not open the project\n');
process.exit(3);
