/**
 * The {@code vioemu} command line: {@code run}, {@code bench}, {@code node}, and the experiment
 * language it reads ({@code Experiment}: sections lowered to model parameters by {@code Sections}
 * and {@code Schedule}, {@code Sweep}, {@code Reference}). Usage errors exit with code 2 and one
 * line on stderr; a run that fails exits with 1.
 */
package io.vioemu.cli;
