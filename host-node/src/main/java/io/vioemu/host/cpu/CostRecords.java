package io.vioemu.host.cpu;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
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

  /** {@code cost.<component>} for every component of {@code type}. */
  public static Set<String> paramNames(Class<? extends Record> type) {
    Set<String> names = new TreeSet<>();
    for (RecordComponent c : type.getRecordComponents()) {
      names.add("cost." + c.getName());
    }
    return names;
  }
}
