/**
 * The simulation kernel: virtual time in picoseconds, the total event order, entities addressed by
 * id, and the conservative window synchronization that keeps every entity from processing an event
 * before it is safe.
 *
 * <p>Pure-Java parts ({@link io.vioemu.fabric.kernel.EntityCore}, {@link
 * io.vioemu.fabric.kernel.EventHeap}, {@link io.vioemu.fabric.kernel.TimedEvent}) carry the
 * semantics. A partition is a thread ({@link io.vioemu.fabric.kernel.PartitionRunner}) that runs
 * its entities inline ({@link io.vioemu.fabric.kernel.PartitionCore}), optionally on a pool of
 * load-adaptive workers ({@link io.vioemu.fabric.kernel.WorkerPool}), and exchanges one batch per
 * window with its peers through a {@link io.vioemu.fabric.kernel.PeerLink} (in memory inside a JVM,
 * {@link io.vioemu.fabric.kernel.LocalPeers}). Threads only move batches between entities, so the
 * result of a run depends on the seed and the model, never on threads or placement.
 *
 * <h2>Model parameters</h2>
 *
 * <p>A model is built from string parameters ({@link io.vioemu.fabric.kernel.ModelFactory#create}).
 * Each is declared once, beside the code that reads it, as a {@link
 * io.vioemu.fabric.kernel.ParamSpec}: name (unit last), type, range or choices, default, one-line
 * doc. To add one:
 *
 * <ol>
 *   <li>declare it in the model's or its settings' static list ({@code ParamSpec.integer(name,
 *       default, min, max, doc)}, {@code duration}, {@code flag}, {@code choice}, {@code decimal};
 *       {@code computedDefault("how")} when the default depends on other parameters) and return the
 *       list from {@link io.vioemu.fabric.kernel.ModelFactory#parameters()};
 *   <li>read it through the declaration with {@link io.vioemu.fabric.kernel.ModelParams} ({@code
 *       getInt(SPEC)}, {@code getLong}, {@code getBoolean}, {@code getChoice}): unknown names,
 *       defaults, ranges and choices come from the declaration; a range that depends on another
 *       parameter narrows it ({@code SPEC.within(lo, hi)}), and checks across parameters stay in
 *       the model ({@code throw p.invalid(SPEC, "...")});
 *   <li>for a key of the experiment language, add one line naming it to the experiments module's
 *       {@code SectionKey} table, and regenerate the schema and README ({@code
 *       -Dvioemu.reference.update=true} on {@code LanguageReferenceTest}; experiments/README.md,
 *       "Adding a parameter").
 * </ol>
 */
package io.vioemu.fabric.kernel;
