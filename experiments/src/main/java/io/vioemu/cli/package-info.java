/**
 * The {@code vioemu} command line: {@code run}, {@code bench}, {@code node}. Usage errors exit with
 * code 2 and one line on stderr; a run that fails exits with 1.
 */
package io.vioemu.cli;
