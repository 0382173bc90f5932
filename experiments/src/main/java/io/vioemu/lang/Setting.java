package io.vioemu.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code --set KEY=VALUE}: a top-level field ({@code seed=7}), a section key ({@code
 * vms.ioModel=xen}), or a model parameter ({@code params.hosts=4}, or {@code hosts=4}: a key that
 * is neither is a parameter).
 *
 * @param arg the argument as given, which errors name
 * @param param whether it sets a model parameter
 * @param bare a parameter named without {@code params.}: it may be a misspelt top-level field
 * @param section whether it sets a key of a section ({@code key} is its dotted path)
 */
public record Setting(
    String arg, String key, String value, boolean param, boolean bare, boolean section) {
  public static Setting parse(String arg) {
    int eq = arg.indexOf('=');
    String key = eq < 0 ? "" : arg.substring(0, eq).strip();
    if (eq < 0 || key.isEmpty() || key.equals("params.")) {
      throw new UsageException(
          "--set '" + arg + "': expected KEY=VALUE, e.g. --set seed=7 or --set params.hosts=4");
    }
    String value = arg.substring(eq + 1);
    if (key.startsWith("params.")) {
      return new Setting(arg, key.substring("params.".length()), value, true, false, false);
    }
    if (key.equals("sweep") || key.startsWith("sweep.")) {
      throw new UsageException(
          "--set '"
              + arg
              + "': field 'sweep' cannot be set from the command line; edit the file, or fix one"
              + " parameter of a copy of it");
    }
    if (key.equals("params")) {
      throw new UsageException(
          "--set '"
              + arg
              + "': field 'params' is a mapping; set one parameter with --set params.NAME=VALUE");
    }
    String head = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
    if (head.equals("schedule") || head.equals("reference")) {
      throw new UsageException(
          "--set '"
              + arg
              + "': field '"
              + head
              + "' is a list of entries and cannot be set from the command line; edit the file");
    }
    if (SectionKey.isSectionPath(key)) {
      return new Setting(arg, key, value, false, false, true);
    }
    return Experiment.SETTABLE_KEYS.contains(key)
        ? new Setting(arg, key, value, false, false, false)
        : new Setting(arg, key, value, true, true, false);
  }

  public static List<Setting> parseAll(List<String> args) {
    List<Setting> out = new ArrayList<>();
    if (args != null) {
      args.forEach(a -> out.add(parse(a)));
    }
    return List.copyOf(out);
  }
}
