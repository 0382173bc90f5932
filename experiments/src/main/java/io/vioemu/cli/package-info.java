/**
 * The {@code vioemu} command line: {@code run}, {@code validate}, {@code report}, {@code list},
 * {@code bench} and {@code node}. Commands parse options and hand over to the language ({@link
 * io.vioemu.lang}), the runner ({@link io.vioemu.runner}) and the report ({@link
 * io.vioemu.report}). Usage errors exit with code 2 and one line on stderr; a run that fails exits
 * with 1.
 */
package io.vioemu.cli;
