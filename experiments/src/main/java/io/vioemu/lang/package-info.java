/**
 * The experiment language: safe YAML loading ({@code SafeYaml}: the node tree only, bounded, strict
 * UTF-8), typed field access with file, line and column in every error ({@code YamlFields}), the
 * sections lowered to a model's flat parameters ({@code Sections}, {@code SectionKey}, {@code
 * Schedule}), {@code --set} overrides ({@code Setting}), calibration profiles, sweeps and the
 * {@code reference} list. {@link io.vioemu.lang.Experiment#load} checks a file completely before
 * anything runs; bad input is a {@link io.vioemu.lang.UsageException} (exit code 2).
 */
package io.vioemu.lang;
