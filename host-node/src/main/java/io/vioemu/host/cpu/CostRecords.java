package io.vioemu.host.cpu;

import io.vioemu.fabric.kernel.ModelParams;
import io.vioemu.fabric.kernel.ParamSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * What every record of per-operation costs shares: its components are {@code long} costs named as
 * their {@code cost.*} parameters, none negative.
 */
public final class CostRecords {
  private CostRecords() {}

  /**
   * Fails naming the first negative value. A compact constructor passes its parameters in
   * declaration order (its fields are not assigned yet, so they cannot be read back).
   */
  public static void requireNonNegative(Class<? extends Record> type, long... values) {
    RecordComponent[] comps = type.getRecordComponents();
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        throw new IllegalArgumentException(comps[i].getName() + " must be >= 0, was " + values[i]);
      }
    }
  }

  /** Builds {@code type} with each component read by name (e.g. from {@code cost.<name>}). */
  public static <R extends Record> R read(Class<R> type, ToLongFunction<String> byName) {
    RecordComponent[] comps = type.getRecordComponents();
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = long.class;
      args[i] = byName.applyAsLong(comps[i].getName());
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException e) {
      throw (RuntimeException) e.getCause();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The largest cost a {@code cost.*} parameter takes. */
  public static final long MAX_COST = 1L << 40;

  /**
   * The declarations of {@code cost.<component>} for every component of {@code type}, in component
   * order: a cost of 0 by default, at most {@link #MAX_COST}; {@code own} replaces the generic
   * declaration of a component it names ({@code cost.clockHz}).
   */
  public static List<ParamSpec> params(Class<? extends Record> type, ParamSpec... own) {
    List<ParamSpec> out = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      String name = "cost." + c.getName();
      ParamSpec spec =
          ParamSpec.integer(
              name,
              0,
              0,
              MAX_COST,
              "A " + type.getSimpleName() + " cost, normally from the calibration profile.");
      for (ParamSpec o : own) {
        if (o.name().equals(name)) {
          spec = o;
        }
      }
      out.add(spec);
    }
    return List.copyOf(out);
  }

  /** Builds {@code type} from its declared {@code cost.*} parameters ({@link #params}). */
  public static <R extends Record> R read(Class<R> type, ModelParams p, List<ParamSpec> specs) {
    Map<String, ParamSpec> byName = new HashMap<>();
    specs.forEach(s -> byName.put(s.name(), s));
    return read(type, name -> p.getLong(byName.get("cost." + name)));
  }

  /** {@code cost.<component>} for every component of {@code type}. */
  public static Set<String> paramNames(Class<? extends Record> type) {
    Set<String> names = new TreeSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      names.add("cost." + c.getName());
    }
    return names;
  }
}
